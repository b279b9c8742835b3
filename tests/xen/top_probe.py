#!/usr/bin/env python3
"""tests/xen/top_probe.py MODULE SRCDIR: calls the xen module's top slot (ops->records[VERB_TOP]) through
ctypes, as the frontend would, and prints its records as one JSON list: for dom0.py's top check while top's
frontend is not on the branch.  The ABI and VERB_TOP are read from SRCDIR's headers; a layout that does not
match shows as a record without name or cpu_time (the check then fails)."""
import ctypes
import json
import os
import re
import sys


class StrVec(ctypes.Structure):
    _fields_ = [("v", ctypes.POINTER(ctypes.c_char_p)), ("n", ctypes.c_size_t), ("alloc", ctypes.c_size_t)]


class Record(ctypes.Structure):
    _fields_ = [("keys", StrVec), ("values", StrVec), ("kinds", ctypes.c_ubyte * 24)]


class Records(ctypes.Structure):
    _fields_ = [("v", ctypes.POINTER(Record)), ("n", ctypes.c_size_t)]


def main():
    module, src = sys.argv[1], sys.argv[2]
    with open(os.path.join(src, "include", "backend.h")) as f:
        abi = int(re.search(r"#define VMCTL_BACKEND_ABI (\d+)", f.read()).group(1))
    with open(os.path.join(src, "include", "vmctl.h")) as f:
        body = re.search(r"enum vm_verb \{(.*?)\}", f.read(), re.S).group(1)
    verbs = re.findall(r"\b(VERB_\w+)", re.sub(r"/\*.*?\*/", "", body, flags=re.S))
    top = verbs.index("VERB_TOP")
    so = ctypes.CDLL(module)
    so.vmctl_backend_entry.restype = ctypes.c_void_p
    so.vmctl_backend_entry.argtypes = [ctypes.c_uint]
    ops = so.vmctl_backend_entry(abi)
    if not ops:
        sys.exit("the module refuses ABI %d" % abi)
    ptr = ctypes.c_void_p.from_address
    # struct backend_ops: unsigned abi, name, open, close, list, info, act[64], records[64], ...
    open_fn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_bool, ctypes.POINTER(ctypes.c_void_p),
                               ctypes.c_void_p)(ptr(ops + 16).value)
    close_fn = ctypes.CFUNCTYPE(None, ctypes.c_void_p)(ptr(ops + 24).value)
    slot = ptr(ops + 48 + 64 * 8 + top * 8).value
    if not slot:
        sys.exit("records[VERB_TOP] is NULL")
    rec_fn = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.POINTER(Records),
                              ctypes.c_void_p)(slot)
    req = ctypes.create_string_buffer(8192)  # a zeroed struct vm_request: no guest
    ctypes.c_int.from_buffer(req).value = top
    err = ctypes.create_string_buffer(8192)
    conn = ctypes.c_void_p()
    if open_fn(ctypes.addressof(req), True, ctypes.byref(conn), ctypes.addressof(err)) != 0:
        sys.exit("open failed: " + err.raw[4:600].split(b"\0")[0].decode(errors="replace"))
    out = Records()
    if rec_fn(conn, ctypes.addressof(req), ctypes.byref(out), ctypes.addressof(err)) != 0:
        sys.exit("top failed: " + err.raw[4:600].split(b"\0")[0].decode(errors="replace"))
    rows = []
    for i in range(out.n):
        r = out.v[i]
        row = {}
        for k in range(r.keys.n):
            key, val = r.keys.v[k].decode(), r.values.v[k].decode()
            row[key] = int(val) if r.kinds[k] in (1, 2) and val.isdigit() else (None if val == "" else val)
        rows.append(row)
    close_fn(conn)
    print(json.dumps(rows))


if __name__ == "__main__":
    main()
