#!/usr/bin/env python3
"""The xen backend on a real Xen 4.17, run INSIDE the test bed's dom0 by
tests/xen/dom0.sh (see tests/xen/run.py).  Drives PV guests through every
verb with vmctl, an HVM guest for cd-change, and runs the explained xl line
of each verb once (`vmctl -o json --explain=xl ...`, xl parsing it for real,
names with a space and with a leading '-' included).  Every step is read
back with xl (xl list, xl list -l, xl vcpu-list, xl domid), never with vmctl
alone.  Prints TAP."""
import json
import os
import pty
import re
import select
import shutil
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import bed  # noqa: E402
from vmtest import Tap, one_line_error  # noqa: E402

# The build under test (with AddressSanitizer and UBSan under tools/test.sh) is the one that runs every
# verb once ("sanitized pass"); in this PV dom0 under TCG each of its runs costs ~2 s against ~0.5 s for
# a plain build (VMCTL_FAST_BIN, built from the same tree by run.py), which runs the rest of the suite.
VM = os.environ.get("VMCTL_BIN", "")
FAST = os.environ.get("VMCTL_FAST_BIN") or VM
XL = os.environ.get("XL", "xl")
CONS = os.environ.get("XENBED_CONSOLE_LOG_DIR", "/var/log/xen/console")
KERNEL = os.environ.get("DOMU_KERNEL", "")
RAMDISK = os.environ.get("DOMU_RAMDISK", "")
ISO_DIR = os.environ.get("XENBED_ISO_DIR", "")
SCRATCH = os.environ.get("SCRATCH", "/tmp/scratch")
ETC = "/etc/xen"

P = "vmt-pv"      # driven by vmctl
S = "vmt s p"     # a name with spaces: explained xl lines
D = "-vmt-d"      # a name with a leading '-': explained xl lines, console, shutdown
H = "vmt-hvm"     # HVM: cd-change

T0 = time.monotonic()


def elapsed():
    """Seconds since the start, and dom0's available memory (a failure's context)."""
    avail = "?"
    try:
        with open("/proc/meminfo") as f:
            for line in f:
                if line.startswith("MemAvailable:"):
                    avail = "%d MiB free" % (int(line.split()[1]) >> 10)
    except (OSError, ValueError):
        pass
    return "%.0fs, %s" % (time.monotonic() - T0, avail)


COST = {}  # program -> [calls, seconds]: where the suite's time goes


def vmctl_env(binary):
    """Each vmctl loads the xen module built beside it."""
    return dict(os.environ, VMCTL_MODULE_DIR=os.path.join(os.path.dirname(binary), "modules"))


def run(argv, timeout=240, stdin=subprocess.DEVNULL, env=None):
    t0 = time.monotonic()
    with subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) as p:
        try:
            out, err = p.communicate(timeout=timeout)
            r = p.returncode, out.decode(errors="replace"), err.decode(errors="replace")
        except subprocess.TimeoutExpired:
            p.kill()
            p.communicate()
            r = None, "", "timed out after %d s: %s" % (timeout, argv)
    if r[0] is not None and r[0] < 0 and argv[0] in (VM, FAST, XL):
        r = r[0], r[1], r[2] + crash_report(shutil.which(argv[0]) or argv[0], p.pid)
    elif r[0] is None:
        r = (-1,) + r[1:]
    c = COST.setdefault("sanitized vmctl" if argv[0] == VM and VM != FAST else os.path.basename(argv[0]), [0, 0.0])
    c[0] += 1
    c[1] += time.monotonic() - t0
    return r


def crash_report(binary, pid):
    """vmctl or xl killed by a signal: the backtrace of its core (dom0.sh sets the core pattern), for the TAP
    diagnostics, since such a crash may not come again in the next run."""
    core = "/tmp/cores/core.%d" % pid
    if not os.path.exists(core):
        return "\n(no core dump of process %d)" % pid
    try:
        g = subprocess.run(["gdb", "-q", "-batch", "-ex", "bt", "-ex", "thread apply all bt", binary, core],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=120)
        return "\nbacktrace of process %d:\n%s" % (pid, g.stdout.decode(errors="replace")[-3000:])
    except (OSError, subprocess.TimeoutExpired) as e:
        return "\n(gdb on %s: %s)" % (core, e)
    finally:
        os.unlink(core)


def vm(*args, timeout=240):
    return run([FAST, "-b", "xen"] + list(args), timeout=timeout, env=vmctl_env(FAST))


def vms(*args, timeout=240):
    """vmctl of the build under test (sanitized under tools/test.sh)."""
    return run([VM, "-b", "xen"] + list(args), timeout=timeout, env=vmctl_env(VM))


def xl(*args, timeout=240):
    return run([XL] + list(args), timeout=timeout)


# libxl gives xenconsoled 10 s to publish a new domain's console and QEMU 60 s to start (constants in
# 4.17); a dom0 under TCG on a loaded host can miss them.  Such a failure is libxl's timing, not vmctl's:
# the step is tried once more, and the log says so.
LIBXL_TIMEOUTS = ("console tty: timed out", "device model: startup timed out")


def retried(fn, *args, **kw):
    r = fn(*args, **kw)
    if r[0] not in (0, None) and any(m in r[1] + r[2] for m in LIBXL_TIMEOUTS):
        print("# libxl timed out waiting for xenconsoled or QEMU (slow dom0): trying once more")
        r = fn(*args, **kw)
    return r


def ensure_booted(t, name):
    """A group's precondition: the guest runs and has booted (after an earlier failure: start it)."""
    if domid(name) is None:
        print("# %s is not running (an earlier step failed): starting it for the next tests" % name)
        retried(vm, "start", name)
    n = console_log(name).count("GUEST-BOOTED")
    if not wait_for(lambda: booted(name, max(n, 1)), 300):
        t.ok(False, "%s running and booted for the next tests" % name, console_log(name)[-600:])


def info(name, sanitized=False):
    rc, out, err = (vms if sanitized else vm)("-o", "json", "info", "--", name)
    return json.loads(out) if rc == 0 else {"rc": rc, "err": err}


def listing():
    rc, out, err = vm("-o", "json", "list")
    return {g["name"]: g for g in json.loads(out)["guests"]} if rc == 0 else {}


def domid(name):
    rc, out, _ = xl("domid", "--", name)
    return int(out.strip()) if rc == 0 and out.strip().isdigit() else None


def gone(name):
    return domid(name) is None


def xl_row(name):
    """`xl list NAME` columns, counted from the right (names may hold spaces)."""
    rc, out, _ = xl("list", "--", name)
    lines = out.strip().splitlines()
    if rc != 0 or len(lines) < 2:
        return None
    f = lines[-1].split()
    return {"id": int(f[-5]), "mem": int(f[-4]), "vcpus": int(f[-3]), "state": f[-2]}


def xl_state(name):
    r = xl_row(name)
    return r["state"] if r else ""


def xl_json(name):
    rc, out, _ = xl("list", "-l", "--", name)
    try:
        return json.loads(out)[0] if rc == 0 else None
    except (ValueError, IndexError):
        return None


def online_vcpus(name):
    """Online vCPUs in `xl vcpu-list` (an offline one shows state --p)."""
    rc, out, _ = xl("vcpu-list", "--", name)
    n = 0
    for line in out.splitlines()[1:]:
        m = re.match(r"^(.*?)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s", line)
        if m and m.group(1) == name and "p" not in m.group(5):
            n += 1
    return n if rc == 0 else -1


def console_log(name):
    try:
        with open(os.path.join(CONS, "guest-%s.log" % name), "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def wait_for(pred, timeout, step=0.5):
    """bed.wait_for, polling less often: each poll here runs xl in an emulated dom0."""
    return bed.wait_for(pred, timeout, step)


def booted(name, count=1):
    return console_log(name).count("GUEST-BOOTED") >= count


def explained(*args):
    """The argv of each xl command vmctl explains for this verb line."""
    rc, out, err = run([FAST, "-o", "json", "--explain=xl"] + list(args))
    if rc != 0:
        return rc, []
    return rc, [c["argv"] for c in json.loads(out)["commands"] if c["argv"]]


def in_pty(argv, steps, timeout=120, env=None):
    """Runs argv on a pseudo-terminal and plays steps, each (bytes to type, regex the output must then show, or
    None), retyping a step's bytes every 3 s until its regex shows up; returns (exit code, all output)."""
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.execve(argv[0], argv, env or os.environ)
        finally:
            os._exit(127)
    out = b""
    end = time.monotonic() + timeout
    steps = list(steps)
    sent_at = 0.0
    mark = 0
    status = None
    while time.monotonic() < end:
        if steps and time.monotonic() - sent_at > 3:
            keys, expect = steps[0]
            os.write(fd, keys)
            sent_at = time.monotonic()
            if expect is None:
                steps.pop(0)
                sent_at = 0.0
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                data = os.read(fd, 4096)
            except OSError:
                data = b""
            out += data
        if steps and steps[0][1] is not None and re.search(steps[0][1], out[mark:]):
            mark = len(out)
            steps.pop(0)
            sent_at = 0.0
        done, st = os.waitpid(pid, os.WNOHANG)
        if done:
            status = os.waitstatus_to_exitcode(st)
            break
    if status is None:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
        status = -1
    os.close(fd)
    return status, out.decode(errors="replace")


def console_dialogue(word):
    """Press Enter until the guest's shell prompts, run one command, leave with Ctrl+]."""
    return [(b"\r", rb"[#$] "), (b"echo CONSOLE-$((6*%d))\r" % word, rb"CONSOLE-%d" % (6 * word)), (b"\x1d", None)]


def pv_cfg(name, mem=128):
    return "\n".join([
        'name = "%s"' % name,
        'type = "pv"',
        'kernel = "%s"' % KERNEL,
        'ramdisk = "%s"' % RAMDISK,
        'extra = "console=hvc0 quiet"',
        "memory = %d" % mem,
        "maxmem = %d" % mem,
        "vcpus = 1",
        "maxvcpus = 2",
        'on_poweroff = "destroy"',
        'on_reboot = "restart"',
        'on_crash = "destroy"',
        ""])


def write(path, text):
    with open(path, "w") as f:
        f.write(text)


def detail(*parts):
    return "\n".join(str(p) for p in parts if p not in (None, ""))


def group(t, fn):
    """Runs one group of tests; an exception is one failed test, not the end of the run."""
    print("# %s: %s (so far: %s)" % (elapsed(), fn.__name__, ", ".join(
        "%d %s runs %.0f s" % (c[0], k, c[1]) for k, c in sorted(COST.items()))))
    sys.stdout.flush()
    try:
        fn(t)
    except Exception:  # noqa: BLE001 - reported as a failed test
        import traceback
        t.ok(False, "%s raised an exception" % fn.__name__, traceback.format_exc())


def main():
    t = Tap()
    print("# xen backend in dom0: vmctl %s (sanitized pass), %s (the rest), xl %s" % (VM, FAST, XL))
    for n in (P, S, D):
        write(os.path.join(ETC, n + ".cfg"), pv_cfg(n))
    only = set(sys.argv[1:])  # for a developer's rerun: only these groups
    try:
        for g in (host_checks, shutoff_checks, define_checks):
            if not only or g.__name__ in only:
                group(t, g)
        rc, out, err = retried(vms, "start", P)
        t.ok(rc == 0 and domid(P) is not None, "start %s: reads %s/%s.cfg, xl list shows domain %s" % (P, ETC, P, domid(P)),
             detail(rc, err))
        for g in (space_name, hvm_paused, pv_checks, device_checks, watch_checks, dash_name, hvm_start, save_restore,
                  lifecycle, dash_booted, hvm_booted, final_checks, watch_bench):
            if (not only and g is not watch_bench) or g.__name__ in only:
                group(t, g)
    finally:
        for line in xl("list")[1].splitlines()[1:]:
            f = line.split()
            if len(f) >= 6 and f[-5].isdigit() and f[-5] != "0":
                xl("destroy", f[-5])
    t.done()


def host_checks(t):
    """Domain 0 is refused by every verb before libxl is called; bad names are exit 3."""
    rc, out, err = vms("-o", "json", "list")
    ids = [g["id"] for g in json.loads(out)["guests"]] if rc == 0 else None
    names = [g["name"] for g in json.loads(out)["guests"]] if rc == 0 else []
    t.ok(rc == 0 and 0 not in ids and "Domain-0" not in names, "list in dom0: exit 0, Domain-0 (the host) not listed",
         detail(rc, out, err))
    for args in (["kill", "0"], ["stop", "Domain-0"], ["pause", "0"], ["mem-set", "00", "1G"], ["info", "Domain-0"]):
        rc, out, err = (vms if args[0] == "kill" else vm)(*args)
        t.ok(rc == 2 and one_line_error(err.encode()) and "host itself" in err,
             "%s: exit 2, refused before libxl is called" % " ".join(args), detail(rc, err))
    r = xl_row("Domain-0")
    t.ok(r and r["state"].startswith("r") and "p" not in r["state"], "Domain-0 untouched: xl list state %s" %
         (r and r["state"]))
    rc, out, err = vm("info", "vmt-nosuch")
    t.ok(rc == 3 and one_line_error(err.encode()) and "/etc/xen/vmt-nosuch.cfg" in err,
         "info of an unknown name: exit 3, says where it looked", detail(rc, err))
    rc, out, err = vm("pause", "4000")
    t.ok(rc == 3 and "domid" in err, "an all-digit guest is a domid (as for xl): pause 4000 is exit 3", detail(rc, err))
    rc, out, err = vm("snapshot", "create", P)
    t.ok(rc == 4 and one_line_error(err.encode()), "snapshot: exit 4 (xl has none)", detail(rc, err))
    rc, out, err = vm("migrate", P, "otherhost")
    t.ok(rc == 4 and one_line_error(err.encode()), "migrate: exit 4 (not implemented)", detail(rc, err))


def shutoff_checks(t):
    """A NAME with /etc/xen/NAME.cfg and no domain is a shut-off guest."""
    g = listing().get(P)
    t.ok(g and g["state"] == "shutoff" and g["id"] is None and g["vcpus"] == {"current": 1, "max": 2} and
         g["memory"] == {"current": 128 << 20, "max": 128 << 20} and g["persistent"] is True,
         "list shows %s.cfg as a shut-off guest (vcpus 1/2, 128 MiB)" % P, json.dumps(g))
    i = info(P, sanitized=True)
    t.ok(i.get("state") == "shutoff" and i.get("id") is None and i.get("backend") == "xen", "info of the shut-off guest",
         json.dumps(i))
    rc, out, err = vms("stop", P)
    t.ok(rc == 0 and "already shut off" in err, "stop of a shut-off guest: exit 0 (idempotent), with a note", detail(rc, err))
    rc, out, err = vm("kill", P)
    t.ok(rc == 0 and "already shut off" in err, "kill of a shut-off guest: exit 0 (idempotent)", detail(rc, err))
    rc, out, err = vm("pause", P)
    t.ok(rc == 1 and "not running" in err and one_line_error(err.encode()), "pause of a shut-off guest: exit 1",
         detail(rc, err))
    rc, out, err = vms("vcpu-set", P, "2")
    t.ok(rc == 4 and "vcpus=" in err, "vcpu-set of a shut-off guest: exit 4 (Xen keeps no definition; edit the .cfg)",
         detail(rc, err))


# --- guest definitions: create, delete, config, autostart, rename (issue 17) ---

HOOKS = os.environ.get("VMCTL_HOOKS_BIN") or VM  # a build with VMCTL_TEST_HOOKS (run.py makes one if need be)


def vmk(step, *args):
    """vmctl of the hooks build with VMCTL_TEST_KILL_AT=step; its result (rc -9: killed by SIGKILL)."""
    return run([HOOKS, "-b", "xen"] + list(args), env=dict(vmctl_env(HOOKS), VMCTL_TEST_KILL_AT=step))


def hooks_built():
    try:
        with open(os.path.join(os.path.dirname(HOOKS), "CMakeCache.txt")) as f:
            return "VMCTL_TEST_HOOKS:BOOL=ON" in f.read()
    except OSError:
        return False


def cfg_of(name):
    try:
        with open(os.path.join(ETC, name + ".cfg")) as f:
            return f.read()
    except OSError:
        return None


def temps(name):
    """The temporary files a create of name leaves in /etc/xen while it writes (or when killed)."""
    return sorted(f for f in os.listdir(ETC) if f.startswith(".%s.cfg.vmctl-" % name))


def dry_run(name):
    """`xl create -n` of /etc/xen/NAME.cfg: xl parses it and prints the domain's libxl configuration
    ({"domid": null, "config": {...}})."""
    rc, out, err = xl("create", "-n", os.path.join(ETC, name + ".cfg"))
    try:
        j = json.loads(out) if rc == 0 else None
    except ValueError:
        return None
    if isinstance(j, list):
        j = j[0] if j else None
    return j.get("config", j) if isinstance(j, dict) else None


def define_checks(t):
    """create from a spec and --from, config, autostart, delete, rename on xen: read back with xl (xl create -n,
    xl create -p, xl domid) and from /etc/xen itself."""
    img, img2 = os.path.join(SCRATCH, "def-a.img"), os.path.join(SCRATCH, "def b.img")
    for p in (img, img2):
        with open(p, "wb") as f:
            f.truncate(16 << 20)
    iso = os.path.join(ISO_DIR, "cd1.iso")
    # the guests that run here have no disks: a file disk would start a QEMU backend for a PV guest
    new, hvm, frm, run_only, dl = "vmt-new", "vmt-newh", "vmt-from", "vmt-run", "vmt-del"

    rc, out, err = vms("create", new, "--memory", "64M", "--vcpus", "2", "--disk", img, "--disk", img2, "--kernel",
                       KERNEL, "--initrd", RAMDISK, "--cmdline", "console=hvc0 quiet")
    text = cfg_of(new) or ""
    j = dry_run(new)
    disks = (j or {}).get("disks", [])
    t.ok(rc == 0 and 'name = "vmt-new"' in text and 'type = "pv"' in text and "memory = 64" in text and
         "vcpus = 2" in text and 'disk = [ "format=raw, vdev=xvda, access=rw, target=%s", ' % img in text and
         not temps(new) and j and j["c_info"]["name"] == new and
         (j["b_info"].get("max_vcpus") == 2 or j["b_info"].get("avail_vcpus") == [0, 1]) and
         [d.get("vdev") for d in disks] == ["xvda", "xvdb"] and disks[1].get("pdev_path") == img2,
         "create from a spec (pv: --kernel): %s/%s.cfg written whole, xl create -n reads 2 vCPUs, xvda and xvdb "
         "(a path with a space), no temporary left" % (ETC, new), detail(rc, err, text, json.dumps(j)[:800]))
    t.ok("defined guest" in err and listing().get(new, {}).get("state") == "shutoff",
         "create says it defined the guest; list shows it shut off", detail(err))
    rc, out, err = vm("create", hvm, "--disk", img, "--cdrom", iso, "--memory", "1G")
    text = cfg_of(hvm) or ""
    j = dry_run(hvm)
    t.ok(rc == 0 and 'type = "hvm"' in text and 'boot = "dc"' in text and "memory = 1024" in text and
         "vdev=hdc, access=ro, devtype=cdrom, target=%s" % iso in text and j and j["c_info"]["type"] == "hvm",
         "create without --kernel: an hvm guest, the CD on hdc, boot from it; xl create -n reads it",
         detail(rc, err, text))
    before = cfg_of(new)
    rc, out, err = vm("create", new, "--disk", img)
    t.ok(rc == 1 and one_line_error(err.encode()) and "exists" in err and cfg_of(new) == before,
         "create of an existing name: exit 1, one line, the .cfg untouched", detail(rc, err))

    bad = [(["--disk", "/nonexistent.img"], "No such file", "a missing --disk"),
           (["--disk", img, "--cmdline", "a'b\"c", "--kernel", KERNEL], "quote", "a value with both quote kinds"),
           (["--kernel", KERNEL, "--cmdline", "one\ntwo"], "control character", "a value with a newline"),
           (["--cmdline", "quiet"], "--kernel", "--cmdline without --kernel")]
    for args, says, what in bad:
        rc, out, err = vm("create", "vmt-bad", *args)
        t.ok(rc == 2 and one_line_error(err.encode()) and says in err and cfg_of("vmt-bad") is None and
             not temps("vmt-bad"), "create with %s: exit 2, one line, nothing written" % what, detail(rc, err))
    unsupported = [(["--network", "default"], "--network"), (["--template", "busybox"], "--template"),
                   (["--memory", "1000K"], "--memory"), (["--type", "pv"], "--type pv"),
                   (["--kernel", KERNEL, "--cdrom", iso], "--cdrom")]
    for args, opt in unsupported:
        rc, out, err = vm("create", "vmt-bad", *args)
        t.ok(rc == 4 and one_line_error(err.encode()) and opt in err and cfg_of("vmt-bad") is None,
             "create %s: exit 4 naming %s (xl.cfg cannot say it), nothing written" % (" ".join(args), opt),
             detail(rc, err))

    src = os.path.join(SCRATCH, frm + ".cfg")
    secret = pv_cfg(frm, 64) + 'vncpasswd = "s3cret"\nvfb = [ "vnc=1,vncpasswd=t0psecret,vnclisten=0.0.0.0" ]\n'
    write(src, secret)
    rc, out, err = vm("create", "--from", src, "vmt-other")
    t.ok(rc == 2 and one_line_error(err.encode()) and "vmt-from" in err and cfg_of("vmt-other") is None,
         "create --from CONFIG under another NAME: exit 2, says the cfg's name", detail(rc, err))
    write(os.path.join(SCRATCH, "broken.cfg"), 'name = "vmt-broken"\nmemory = [ \n')
    rc, out, err = vm("create", "--from", os.path.join(SCRATCH, "broken.cfg"))
    t.ok(rc == 2 and one_line_error(err.encode()) and cfg_of("vmt-broken") is None,
         "create --from a cfg libxlutil cannot parse: exit 2", detail(rc, err))
    rc, out, err = vms("create", "--from", src, frm)
    t.ok(rc == 0 and cfg_of(frm) == secret and dry_run(frm), "create --from CONFIG: installed whole, byte for byte, "
         "as %s/%s.cfg; xl create -n reads it" % (ETC, frm), detail(rc, err))

    rc, out, err = vms("config", frm)
    t.ok(rc == 0 and "s3cret" not in out and "t0psecret" not in out and 'vncpasswd = "(redacted)"' in out and
         "vncpasswd=(redacted),vnclisten" in out and "kernel = " in out,
         "config: the .cfg with vncpasswd= redacted (key kept), also inside vfb=", detail(rc, out, err))
    rc, out, err = vm("-o", "json", "config", frm)
    c = json.loads(out).get("config", {}) if rc == 0 else {}
    t.ok(c.get("format") == "xl.cfg" and "(redacted)" in c.get("text", "") and "s3cret" not in out,
         "config -o json: format xl.cfg, redacted text", detail(rc, out[:600], err))

    rc, out, err = vms("autostart", frm, "on")
    link = os.path.join(ETC, "auto", frm + ".cfg")
    t.ok(rc == 0 and os.path.islink(link) and os.readlink(link) == os.path.join(ETC, frm + ".cfg") and
         info(frm).get("autostart") is True, "autostart on: %s links to %s/%s.cfg (as xendomains reads it)" %
         (link, ETC, frm), detail(rc, err))
    rc, out, err = vm("autostart", frm, "on")
    t.ok(rc == 0 and "already" in err, "autostart on again: exit 0, already", detail(rc, err))
    rc, out, err = vm("autostart", frm, "off")
    t.ok(rc == 0 and not os.path.lexists(link) and info(frm).get("autostart") is False, "autostart off: the link gone",
         detail(rc, err))
    rc, out, err = vm("autostart", frm, "off")
    t.ok(rc == 0 and "already" in err, "autostart off again: exit 0, already", detail(rc, err))

    # a domain that runs (paused: no boot needed) from a cfg outside /etc/xen
    other = os.path.join(SCRATCH, run_only + ".cfg")
    write(other, pv_cfg(run_only))
    rc, out, err = retried(xl, "create", "-p", other)
    t.ok(rc == 0 and domid(run_only) is not None, "xl create -p %s (no /etc/xen cfg)" % run_only, detail(rc, err))
    rc, out, err = vm("create", run_only, "--kernel", KERNEL)
    t.ok(rc == 1 and one_line_error(err.encode()) and "running domain" in err and cfg_of(run_only) is None,
         "create of a name a running domain has: exit 1, nothing written", detail(rc, err))
    rc, out, err = vm("-o", "json", "config", run_only)
    c = json.loads(out).get("config", {}) if rc == 0 else {}
    try:
        cj = json.loads(c.get("text", ""))
    except ValueError:
        cj = {}
    t.ok(c.get("format") == "libxl-json" and cj.get("c_info", {}).get("name") == run_only,
         "config of a running domain without a .cfg: libxl's JSON (as xl list -l)", detail(rc, out[:600], err))
    rc, out, err = vm("autostart", run_only, "on")
    t.ok(rc == 1 and one_line_error(err.encode()) and not os.path.lexists(os.path.join(ETC, "auto", run_only + ".cfg")),
         "autostart of a domain without a .cfg: exit 1", detail(rc, err))
    rc, out, err = vm("delete", run_only)
    t.ok(rc == 1 and one_line_error(err.encode()) and "--force" in err and domid(run_only) is not None,
         "delete of a paused domain without --force: exit 1, still there", detail(rc, err))
    rc, out, err = vm("delete", "--force", run_only)
    t.ok(rc == 0 and gone(run_only), "delete --force of a domain without a .cfg: killed, gone from xl list",
         detail(rc, err))

    rc, out, err = vm("create", dl, "--kernel", KERNEL, "--initrd", RAMDISK, "--memory", "128M",
                      "--cmdline", "console=hvc0 quiet")
    rc2, out2, err2 = retried(xl, "create", os.path.join(ETC, dl + ".cfg"))
    t.ok(rc == 0 and rc2 == 0 and wait_for(lambda: booted(dl), 300),
         "xl create of the cfg vmctl create wrote: the PV guest boots from kernel and ramdisk (GUEST-BOOTED on its "
         "console)", detail(rc, err, rc2, err2, console_log(dl)[-600:]))
    rc, out, err = vms("delete", dl)
    t.ok(rc == 1 and "running" in err and domid(dl) is not None and cfg_of(dl) is not None,
         "delete of the running domain without --force: exit 1, domain and .cfg kept", detail(rc, err))
    rc, out, err = vms("-o", "json", "delete", "--force", dl)
    d = json.loads(out) if rc == 0 and out else {}
    t.ok(rc == 0 and gone(dl) and cfg_of(dl) is None and d.get("removed") == ["config %s/%s.cfg" % (ETC, dl)],
         "delete --force: domain gone, .cfg removed, JSON lists what was removed", detail(rc, out, err))
    rc, out, err = vm("delete", new)
    t.ok(rc == 0 and cfg_of(new) is None, "delete of the shut-off pv guest", detail(rc, err))
    vm("autostart", frm, "on")
    rc, out, err = vm("delete", frm)
    t.ok(rc == 0 and cfg_of(frm) is None and not os.path.lexists(link) and "removed autostart link" in err and
         "removed config" in err, "delete of a shut-off guest with autostart: the link and the .cfg removed, named",
         detail(rc, err))
    rc, out, err = vm("delete", "--storage", hvm)
    t.ok(rc == 4 and one_line_error(err.encode()) and cfg_of(hvm) is not None, "delete --storage: exit 4 (no volumes)",
         detail(rc, err))
    rc, out, err = vm("rename", hvm, "vmt-renamed")
    t.ok(rc == 4 and one_line_error(err.encode()) and "never edits" in err and cfg_of(hvm) is not None,
         "rename: exit 4 with the reason (vmctl never edits a .cfg; xl rename renames only a running domain)",
         detail(rc, err))
    rc, out, err = vm("delete", hvm)
    t.ok(rc == 0 and cfg_of(hvm) is None, "delete of the hvm guest", detail(rc, err))
    rc, out, err = vm("delete", hvm)
    t.ok(rc == 3, "delete again: exit 3 (no such guest)", detail(rc, err))
    kill_steps(t)


def kill_steps(t):
    """Each VMCTL_TEST_KILL_AT step of the xen define verbs: killed by SIGKILL there, the state left is whole,
    and the next create / delete recovers."""
    k, k2 = "vmt-k", "vmt-k2"
    if not hooks_built():
        t.ok(False, "a vmctl with VMCTL_TEST_HOOKS for the kill steps (%s has none)" % HOOKS)
        return
    spec = ["--kernel", KERNEL, "--initrd", RAMDISK, "--memory", "128M"]
    rc, out, err = vmk("xen-create-tmp-written", "create", k, *spec)
    left = temps(k)
    t.ok(rc == -9 and cfg_of(k) is None and len(left) == 1 and k not in listing(),
         "create killed at xen-create-tmp-written: no %s.cfg, its temporary %s left, not listed" % (k, left),
         detail(rc, err))
    rc, out, err = vms("create", k, *spec)
    t.ok(rc == 0 and cfg_of(k) and not temps(k) and "interrupted" in err and dry_run(k),
         "the next create removes the leftover and installs a whole .cfg", detail(rc, err))
    rc, out, err = vmk("xen-create-installed", "create", k2, *spec)
    t.ok(rc == -9 and dry_run(k2) and not temps(k2) and listing().get(k2, {}).get("state") == "shutoff",
         "create killed at xen-create-installed: the .cfg is whole (xl create -n reads it), no temporary",
         detail(rc, err))
    rc, out, err = retried(xl, "create", "-p", os.path.join(ETC, k + ".cfg"))
    rc, out, err = vmk("xen-delete-domain-gone", "delete", "--force", k)
    t.ok(rc == -9 and gone(k) and cfg_of(k) is not None, "delete --force killed at xen-delete-domain-gone: the domain "
         "is gone, the .cfg is still there", detail(rc, err))
    rc, out, err = vms("delete", k)
    t.ok(rc == 0 and cfg_of(k) is None and "removed config" in err, "the next delete removes the .cfg", detail(rc, err))
    rc, out, err = vm("delete", k2)
    t.ok(rc == 0 and cfg_of(k2) is None, "delete of the guest whose create was killed after the rename",
         detail(rc, err))


def run_explained(t, args, expect, what, timeout=240):
    """Runs the single xl line vmctl explains for args; checks its argv first."""
    rc, cmds = explained(*args)
    ok = rc == 0 and len(cmds) == 1 and cmds[0] == expect
    r = retried(run, cmds[0], timeout=timeout) if ok else (None, "", "")
    t.ok(ok and r[0] == 0, "explained %s runs: %s" % (what, " ".join(repr(a) if " " in a else a for a in expect)),
         detail("explain rc %s: %s" % (rc, cmds), r[0], r[1][-500:], r[2][-500:]))
    return ok and r[0] == 0


def space_name(t):
    """'vmt s p', created by the explained `xl create -p` and kept paused (it needs no boot): the explained
    unpause / pause / list -v / vcpu-set / mem-set / destroy, read back with xl and with vmctl."""
    run_explained(t, ["start", "--paused", S], ["xl", "create", "-p", "%s/%s.cfg" % (ETC, S)],
                  "start --paused (name with spaces)")
    i = info(S)
    t.ok(i.get("state") == "paused" and i.get("id") == domid(S) and "p" in xl_state(S),
         "vmctl info %r finds the xl-created domain, paused (xl list %s)" % (S, xl_state(S)), json.dumps(i))
    run_explained(t, ["resume", S], ["xl", "unpause", S], "resume")
    t.ok("p" not in xl_state(S) and info(S).get("state") == "running",
         "after xl unpause: xl list %s, vmctl info running" % xl_state(S))
    rc, out, err = vms("resume", S)
    t.ok(rc == 0 and "already running" in err, "vmctl resume %r again: exit 0, already running" % S, detail(rc, err))
    run_explained(t, ["pause", S], ["xl", "pause", S], "pause")
    t.ok("p" in xl_state(S) and info(S).get("state") == "paused", "after xl pause: xl list %s, vmctl info paused" %
         xl_state(S))
    rc, out, err = vms("pause", S)
    t.ok(rc == 0 and "already paused" in err, "vmctl pause %r again: exit 0, already paused" % S, detail(rc, err))
    run_explained(t, ["info", S], ["xl", "list", "-v", S], "info")
    run_explained(t, ["vcpu-set", S, "2"], ["xl", "vcpu-set", S, "2"], "vcpu-set")
    j = xl_json(S)
    t.ok(j and j["config"]["b_info"].get("avail_vcpus") == [0, 1], "xl list -l: avail_vcpus [0, 1]",
         json.dumps(j and j["config"]["b_info"].get("avail_vcpus")))
    run_explained(t, ["mem-set", S, "96M"], ["xl", "mem-set", S, "96m"], "mem-set (unit written out: xl reads bare MiB)")
    j = xl_json(S)
    t.ok(j and j["config"]["b_info"].get("target_memkb") == 96 * 1024, "xl list -l: target_memkb 98304",
         json.dumps(j and j["config"]["b_info"].get("target_memkb")))
    run_explained(t, ["kill", S], ["xl", "destroy", S], "kill")
    i = info(S)
    t.ok(gone(S) and i.get("state") == "shutoff", "after xl destroy: no domain, vmctl info shutoff (its .cfg remains)",
         json.dumps(i))
    run_explained(t, ["list"], ["xl", "list"], "list")


def dash_name(t):
    """'-vmt-d', created by the explained `xl create` (it boots for the console and shutdown tests later):
    the explained pause / unpause / list -v with `--`, and vmctl with `--`."""
    run_explained(t, ["start", "--", D], ["xl", "create", "%s/%s.cfg" % (ETC, D)], "start (name with a leading '-')")
    run_explained(t, ["pause", "--", D], ["xl", "pause", "--", D], "pause")
    i = info(D)
    t.ok("p" in xl_state(D) and i.get("state") == "paused", "after xl pause: xl list %s, vmctl info paused" %
         xl_state(D), json.dumps(i))
    rc, out, err = vm("pause", "--", D)
    t.ok(rc == 0 and "already paused" in err, "vmctl pause -- %s again: exit 0, already paused" % D, detail(rc, err))
    run_explained(t, ["resume", "--", D], ["xl", "unpause", "--", D], "resume")
    t.ok("p" not in xl_state(D) and info(D).get("state") == "running",
         "after xl unpause: xl list %s, vmctl info running" % xl_state(D))
    run_explained(t, ["info", "--", D], ["xl", "list", "-v", "--", D], "info")


def hvm_cfg():
    cfg = os.path.join(SCRATCH, H + ".cfg")
    write(cfg, "\n".join([
        'name = "%s"' % H, 'type = "hvm"', 'kernel = "%s"' % KERNEL, 'ramdisk = "%s"' % RAMDISK,
        'extra = "console=ttyS0 quiet"', "memory = 256", "vcpus = 1", 'vga = "none"',
        'serial = "file:%s/%s-serial.log"' % (SCRATCH, H),
        '# TCG has no invariant TSC: emulating it breaks RDTSCP under nested SVM',
        'tsc_mode = "native"', 'on_poweroff = "destroy"', 'on_reboot = "destroy"', 'on_crash = "destroy"',
        "cpu_weight = 256",
        'disk = [ "format=raw,vdev=hdc,access=ro,devtype=cdrom,target=%s" ]' % os.path.join(ISO_DIR, "cd1.iso"), ""]))
    return cfg


def hvm_cd():
    """What xl list -l says hdc of the HVM guest holds ("" when empty)."""
    j = xl_json(H)
    for d in (j or {}).get("config", {}).get("disks", []):
        if d.get("vdev") == "hdc":
            return d.get("pdev_path") or ""
    return None


def hvm_serial():
    try:
        with open(os.path.join(SCRATCH, H + "-serial.log"), "rb") as f:
            return f.read().decode(errors="replace")
    except OSError:
        return ""


def hvm_diagnosis():
    """What to look at when the HVM guest does not boot: its device model's log and process, its state."""
    out = []
    try:
        with open("/var/log/xen/qemu-dm-%s.log" % H, "rb") as f:
            out.append("qemu-dm log: " + f.read().decode(errors="replace")[-1500:])
    except OSError as e:
        out.append("qemu-dm log: %s" % e)
    dms = []
    for pid in os.listdir("/proc"):
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                cmd = f.read().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "qemu" in cmd:
            st = ""
            try:
                with open("/proc/%s/stat" % pid) as f:
                    st = f.read().rsplit(")", 1)[1].split()[0]  # R, S, D, T, Z
                with open("/proc/%s/wchan" % pid) as f:
                    st += " wchan=" + f.read()
            except OSError:
                pass
            dms.append("%s [%s] %s" % (pid, st, cmd[:200]))
    out.append("qemu processes: %s" % (dms or "none"))
    out.append("xl list: %s" % xl("list")[1])
    out.append("xl vcpu-list: %s" % xl("vcpu-list", H)[1])
    return out


def hvm_paused(t):
    """An HVM guest from --from CONFIG, kept paused (so it has no PV drivers): cd-change with vmctl and as
    explained, read back with xl list -l; then stop's ACPI fallback, its timeout and --force."""
    cfg = hvm_cfg()
    iso1, iso2 = os.path.join(ISO_DIR, "cd1.iso"), os.path.join(ISO_DIR, "cd2.iso")
    t0 = time.monotonic()
    rc, out, err = retried(vms, "start", "--paused", "--from", cfg, timeout=400)
    j = xl_json(H)
    t.ok(rc == 0 and j and j["config"]["c_info"]["type"] == "hvm" and "p" in xl_state(H) and "cpu_weight" in err and
         "started 'vmt-hvm'" in err, "start --paused --from an HVM cfg (%.0f s): paused; the note names the ignored "
         "key cpu_weight" % (time.monotonic() - t0), detail(rc, err))
    if not j:
        return
    t.ok(hvm_cd() == iso1, "xl list -l: hdc holds cd1.iso", hvm_cd())
    # display: the VNC server libxl gives an HVM guest by default, at the port its QEMU put in xenstore
    xs = run(["xenstore-read", "/local/domain/%s/console/vnc-port" % j["domid"]])
    rc, out, err = vms("-o", "json", "display", H)
    d = json.loads(out) if rc == 0 else {}
    port = xs[1].strip()
    t.ok(xs[0] == 0 and port.isdigit() and rc == 0 and d.get("port") == int(port) and d.get("type") == "vnc" and
         d.get("uri") == "vnc://%s:%s" % (d.get("listen"), port) and d.get("listen") in ("127.0.0.1", "localhost"),
         "display of the HVM guest: the VNC port xenstore has (%s)" % port, detail(rc, out, err, xs))
    rc, out, err = vms("cd-change", "--eject", H, "hdc")
    t.ok(rc == 0 and hvm_cd() == "", "cd-change --eject: xl list -l shows hdc empty", detail(rc, err, hvm_cd()))
    rc, out, err = vms("cd-change", H, "hdc", iso2)
    t.ok(rc == 0 and hvm_cd() == iso2, "cd-change hdc cd2.iso: xl list -l shows cd2.iso", detail(rc, err, hvm_cd()))
    run_explained(t, ["cd-change", "--eject", H, "hdc"], ["xl", "cd-eject", H, "hdc"], "cd-change --eject")
    t.ok(hvm_cd() == "", "after xl cd-eject: hdc empty", hvm_cd())
    run_explained(t, ["cd-change", H, "hdc", iso1], ["xl", "cd-insert", H, "hdc", iso1], "cd-change")
    t.ok(hvm_cd() == iso1, "after xl cd-insert: hdc holds cd1.iso", hvm_cd())
    rc, out, err = vm("cd-change", H, "hdd", iso2)
    t.ok(rc == 1 and one_line_error(err.encode()), "cd-change of a drive the guest lacks: exit 1, libxl's reason",
         detail(rc, err))
    rc, out, err = vm("cd-change", H, "hdc", "/nonexistent.iso")
    t.ok(rc == 2 and one_line_error(err.encode()), "cd-change to a missing ISO: exit 2", detail(rc, err))
    rc, out, err = vm("cd-change", P, "hdc", iso2)
    t.ok(rc == 4 and "PV" in err and one_line_error(err.encode()), "cd-change of a PV guest: exit 4, says HVM only",
         detail(rc, err))
    rc, out, err = vms("stop", "--timeout", "1", H)
    t.ok(rc == 1 and "did not stop within 1 s" in err and one_line_error(err.encode()) and "p" not in xl_state(H),
         "stop --timeout 1 of the paused HVM guest: resumed, ACPI power button (no PV drivers), not off in 1 s: exit 1",
         detail(rc, err))
    rc, out, err = vms("stop", "--timeout", "1", "--force", H)
    t.ok(rc == 0 and "killed" in err and wait_for(lambda: gone(H), 30),
         "stop --timeout 1 --force: killed, gone from xl list", detail(rc, err))


def hvm_start(t):
    """The HVM guest again, running: it boots while the PV tests go on (checked in hvm_booted)."""
    rc, out, err = retried(vm, "start", "--from", hvm_cfg(), timeout=400)
    t.ok(rc == 0 and domid(H) is not None and "p" not in xl_state(H), "start --from the HVM cfg again: running (%s)" %
         xl_state(H), detail(rc, err))


def hvm_booted(t):
    """The booted HVM guest sees cd-change on its CD drive; stop through its PV drivers."""
    t0 = time.monotonic()
    ok = wait_for(lambda: "GUEST-BOOTED" in hvm_serial() or gone(H), 300) and "GUEST-BOOTED" in hvm_serial()
    t.ok(ok and "type=HVM" in hvm_serial(), "the HVM guest booted (GUEST-BOOTED type=HVM on its serial port), "
         "%.0f s after the PV tests" % (time.monotonic() - t0), detail(hvm_serial()[-800:], *([] if ok else
                                                                                            hvm_diagnosis())))
    if not ok:
        return
    t.ok(wait_for(lambda: "GUEST-CDROM label=XENBEDCD1" in hvm_serial(), 60), "the HVM guest reads cd1.iso on hdc")
    rc, out, err = vm("cd-change", H, "hdc", os.path.join(ISO_DIR, "cd2.iso"))
    t.ok(rc == 0 and wait_for(lambda: "GUEST-CDROM label=XENBEDCD2" in hvm_serial(), 60),
         "cd-change hdc cd2.iso: the guest reads the new medium (label XENBEDCD2)", detail(rc, err, hvm_serial()[-300:]))
    rc, out, err = vm("cd-change", "--eject", H, "hdc")
    t.ok(rc == 0 and wait_for(lambda: "GUEST-CDROM label=empty" in hvm_serial(), 60),
         "cd-change --eject: the guest sees an empty drive", detail(rc, err, hvm_serial()[-300:]))
    t0 = time.monotonic()
    rc, out, err = vm("stop", H, timeout=200)
    t.ok(rc == 0 and "ACPI" not in err and gone(H), "stop of the booted HVM guest through its PV drivers: gone "
         "(%.0f s)" % (time.monotonic() - t0), detail(rc, err))


def pv_checks(t):
    t0 = time.monotonic()
    ok = wait_for(lambda: booted(P), 300)
    t.ok(ok, "PV guest %s booted (GUEST-BOOTED on its console), %.0f s after the tests before" %
         (P, time.monotonic() - t0), console_log(P)[-800:])
    rc, out, err = vm("start", P)
    t.ok(rc == 0 and "already running" in err, "start of the running guest: exit 0 (idempotent), note", detail(rc, err))
    rc, out, err = vm("-q", "start", P)
    t.ok(rc == 0 and err == "", "-q drops the note", detail(rc, err))
    i, j, r = info(P, sanitized=True), xl_json(P), xl_row(P)
    b = j["config"]["b_info"] if j else {}
    t.ok(j and r and i.get("id") == j["domid"] and i.get("uuid") == j["config"]["c_info"]["uuid"] and
         i.get("state") == "running" and i.get("vcpus") == {"current": 1, "max": b.get("max_vcpus")} and
         i["memory"]["max"] == b.get("max_memkb") * 1024 and abs(i["memory"]["current"] - (r["mem"] << 20)) <= 2 << 20 and
         i.get("cpu_time", 0) > 0 and i.get("persistent") is True,
         "info matches xl list -l (id %s, uuid, vcpus 1/%s, memory max %s KiB) and xl list (%s MiB)" %
         (i.get("id"), b.get("max_vcpus"), b.get("max_memkb"), r and r["mem"]), detail(json.dumps(i), json.dumps(b)[:600]))
    lst = listing()
    t.ok(lst.get(P, {}).get("id") == domid(P) and lst.get(P, {}).get("state") == "running" and
         lst.get(S, {}).get("state") == "shutoff" and lst.get(D, {}).get("id") is None,
         "list: %s running, %r and %r shut off (.cfg only)" % (P, S, D), json.dumps(lst)[:800])

    rc, out, err = vms("pause", P)
    t.ok(rc == 0 and "p" in xl_state(P) and info(P).get("state") == "paused", "pause: xl list state %s" % xl_state(P),
         detail(rc, err))
    rc, out, err = vms("resume", P)
    t.ok(rc == 0 and "p" not in xl_state(P), "resume: xl list state %s" % xl_state(P), detail(rc, err))
    rc, out, err = vms("vcpu-set", P, "2")
    t.ok(rc == 0 and wait_for(lambda: online_vcpus(P) == 2, 60), "vcpu-set 2: xl vcpu-list shows 2 online",
         detail(rc, err, xl("vcpu-list", P)[1]))
    t.ok(wait_for(lambda: "GUEST-CPUS-ONLINE=0-1" in console_log(P), 60) and info(P)["vcpus"]["current"] == 2,
         "the guest onlined the second vCPU; info says 2", console_log(P)[-400:])
    rc, out, err = vm("vcpu-set", P, "3")
    t.ok(rc == 1 and "maximum is 2" in err and one_line_error(err.encode()), "vcpu-set above maxvcpus: exit 1",
         detail(rc, err))
    rc, out, err = vm("vcpu-set", "--config", P, "1")
    t.ok(rc == 4 and one_line_error(err.encode()), "vcpu-set --config: exit 4 (Xen keeps no definition)", detail(rc, err))
    rc, out, err = vms("mem-set", P, "96M")
    t.ok(rc == 0 and wait_for(lambda: (xl_row(P) or {}).get("mem") == 96, 90),
         "mem-set 96M: xl list memory column %s" % (xl_row(P) or {}).get("mem"), detail(rc, err))
    j = xl_json(P)
    t.ok(j and j["config"]["b_info"]["target_memkb"] == 96 * 1024, "xl list -l: target_memkb 98304",
         j and j["config"]["b_info"]["target_memkb"])
    rc, out, err = vm("mem-set", P, "1G")
    t.ok(rc == 1 and one_line_error(err.encode()), "mem-set above maxmem: exit 1 with libxl's reason", detail(rc, err))

    rc, out = in_pty([VM, "-b", "xen", "console", P], console_dialogue(7), env=vmctl_env(VM))
    t.ok(rc == 0 and "CONSOLE-42" in out, "console: a shell on hvc0 ran a command, Ctrl+] left (exit %s)" % rc,
         out[-600:])
    rc, out, err = vm("console", P)
    t.ok(rc == 2 and one_line_error(err.encode()), "console without a terminal: exit 2", detail(rc, err))



# --- devices (issue 18): disks, NICs, vCPU pinning, display ---

BR = "vmtxdbr0"   # a dom0 bridge without an uplink: nothing leaves dom0
XVDB = 202 * 256 + 16  # xvdb as xl block-list numbers it


def xl_blocks(name):
    """The vdev numbers of `xl block-list NAME` with their state (4: connected)."""
    rc, out, _ = xl("block-list", "--", name)
    rows = {}
    for line in out.splitlines()[1:]:
        f = line.split()
        if len(f) >= 4 and f[0].isdigit():
            rows[int(f[0])] = f[3]
    return rows if rc == 0 else None


def xl_macs(name):
    """The MACs of `xl network-list NAME`."""
    rc, out, _ = xl("network-list", "--", name)
    return [f for line in out.splitlines()[1:] for f in line.split() if re.match(r"^([0-9a-f]{2}:){5}[0-9a-f]{2}$", f)]


def xl_affinity(name, vcpu):
    """The hard affinity `xl vcpu-list NAME` shows for vcpu ("all", "1", "0-1")."""
    rc, out, _ = xl("vcpu-list", "--", name)
    for line in out.splitlines()[1:]:
        m = re.match(r"^(.*?)\s+(\d+)\s+(\d+)\s+(\S+)\s+(\S+)\s+(\S+)\s+(\S+)\s*/\s*(\S+)", line)
        if m and m.group(1) == name and int(m.group(3)) == vcpu:
            return m.group(7)
    return None


def last_line(name, prefix):
    # the guest's shell shares hvc0: its prompt can come first on a line ('~ # GUEST-BLOCK=xvdb')
    lines = [ln[ln.find(prefix):] for ln in console_log(name).splitlines() if prefix in ln]
    return lines[-1] if lines else ""


def device_checks(t):
    """disk-attach/-list/-detach, nic-attach/-list/-detach, vcpu-list/-pin and display on the running PV guest:
    each read back with xl (block-list, network-list, vcpu-list, list -l) and in the guest (its console)."""
    ensure_booted(t, P)
    t0 = time.monotonic()
    # a block device (a loop device made here): the block script's path for a file does more (losetup -a,
    # sharing checks) in this slow TCG dom0, and libxl gives a hotplug script a fixed time
    backing = os.path.join(SCRATCH, "vmtxd-disk.img")
    with open(backing, "wb") as f:
        f.write(b"VMTXD-MARKER-42\n")
        f.truncate(8 << 20)
    lo = subprocess.run(["losetup", "-f", "--show", backing], stdout=subprocess.PIPE)
    img = lo.stdout.decode().strip()
    t.ok(lo.returncode == 0 and img.startswith("/dev/loop"), "a loop device in dom0 for the disk: %s" % img)
    rc, out, err = vms("disk-attach", P, img, "xvdb")
    j = xl_json(P)
    disks = [d for d in ((j or {}).get("config", {}).get("disks") or []) if d.get("vdev") == "xvdb"]
    t.ok(rc == 0 and (xl_blocks(P) or {}).get(XVDB) == "4" and disks and disks[0].get("pdev_path") == img and
         disks[0].get("format") == "raw", "disk-attach %s xvdb: xl block-list" % img + " shows xvdb connected (state 4), "
         "xl list -l its file, format raw", detail(rc, err, xl("block-list", P)[1], json.dumps(disks)))
    t.ok(wait_for(lambda: "xvdb" in last_line(P, "GUEST-BLOCK=") and "GUEST-XVDB marker=VMTXD-MARKER-42" in
                  console_log(P), 60), "the guest sees xvdb and reads the marker written into the file",
         console_log(P)[-400:])
    rc, out, err = vms("-o", "json", "disk-list", P)
    d = json.loads(out).get("disks", []) if rc == 0 else []
    t.ok(rc == 0 and d == [{"target": "xvdb", "type": "disk", "source": img, "format": "raw", "bus": "xen",
                            "mode": "readwrite"}], "disk-list -o json: xvdb, its file, raw, read-write",
         detail(rc, out, err))
    rc, out, err = vm("disk-list", P)
    t.ok(rc == 0 and "xvdb" in out and img in out and out.splitlines()[0].split()[0] == "TARGET",
         "disk-list as text", detail(rc, out, err))
    before = xl_blocks(P)
    img2 = os.path.join(SCRATCH, "vmtxd-2.img")
    with open(img2, "wb") as f:
        f.truncate(4 << 20)
    rc, out, err = vm("disk-attach", P, img2, "xvdb")
    t.ok(rc == 1 and one_line_error(err.encode()) and "already" in err and xl_blocks(P) == before,
         "disk-attach to a target in use: exit 1, nothing changed", detail(rc, err))
    rc, out, err = vm("disk-attach", P, "/nonexistent/vmtxd.img", "xvdc")
    t.ok(rc == 2 and one_line_error(err.encode()) and "No such file" in err and xl_blocks(P) == before,
         "disk-attach of a missing source: exit 2", detail(rc, err))
    rc, out, err = vm("disk-attach", "--config", P, img2, "xvdc")
    t.ok(rc == 4 and one_line_error(err.encode()) and "%s/%s.cfg" % (ETC, P) in err and "disk=" in err,
         "disk-attach --config: exit 4 naming the .cfg to edit", detail(rc, err))
    rc, out, err = vm("disk-attach", "--mode", "shareable", P, img2, "xvdc")
    t.ok(rc == 4 and one_line_error(err.encode()), "disk-attach --mode shareable: exit 4", detail(rc, err))
    rc, out, err = vm("disk-attach", S, img2, "xvdc")
    t.ok(rc == 1 and one_line_error(err.encode()) and "not running" in err, "disk-attach to a shut-off guest: exit 1",
         detail(rc, err))
    rc, out, err = vm("disk-detach", P, "xvdc")
    t.ok(rc == 1 and one_line_error(err.encode()) and "xvdb" in err, "disk-detach of what is not attached: exit 1 "
         "naming what is", detail(rc, err))
    rc, out, err = vms("disk-detach", P, "xvdb")
    b = xl_blocks(P)
    t.ok(rc == 0 and b is not None and XVDB not in b, "disk-detach xvdb: gone from xl block-list",
         detail(rc, err, xl("block-list", P)[1]))
    t.ok(wait_for(lambda: "xvdb" not in last_line(P, "GUEST-BLOCK="), 60), "the guest no longer sees xvdb",
         last_line(P, "GUEST-BLOCK="))
    rc, out, err = vm("-o", "json", "disk-list", P)
    t.ok(rc == 0 and json.loads(out).get("disks") == [], "disk-list after the detach: none", detail(rc, out, err))
    subprocess.run(["losetup", "-d", img])
    print("# devices: disks took %.0f s" % (time.monotonic() - t0))

    t0 = time.monotonic()
    subprocess.run(["ip", "link", "add", BR, "type", "bridge"])
    subprocess.run(["ip", "link", "set", BR, "up"])
    mac = "00:16:3e:7d:00:01"
    rc, out, err = vms("nic-attach", "--mac", mac, P, "bridge=" + BR)
    dom = domid(P)
    brif = os.listdir("/sys/class/net/%s/brif" % BR) if os.path.isdir("/sys/class/net/%s/brif" % BR) else []
    t.ok(rc == 0 and xl_macs(P) == [mac] and ("vif%s.0" % dom) in brif,
         "nic-attach bridge=%s --mac: xl network-list shows the MAC, vif%s.0 is a port of the bridge" % (BR, dom),
         detail(rc, err, xl("network-list", P)[1], brif))
    t.ok(wait_for(lambda: "eth0" in last_line(P, "GUEST-NET="), 60), "the guest sees eth0",
         last_line(P, "GUEST-NET="))
    rc, out, err = vm("-o", "json", "nic-list", P)
    n = json.loads(out).get("nics", []) if rc == 0 else []
    t.ok(rc == 0 and len(n) == 1 and n[0]["mac"] == mac and n[0]["network"] == BR and n[0]["device"] == "vif%s.0" % dom,
         "nic-list -o json: the MAC, the bridge, the vif", detail(rc, out, err))
    rc, out, err = vm("nic-attach", "--mac", mac, P, "bridge=" + BR)
    t.ok(rc == 1 and one_line_error(err.encode()) and xl_macs(P) == [mac], "nic-attach with a MAC in use: exit 1, "
         "nothing changed", detail(rc, err))
    for args, code, what in ((["--mac", "01:16:3e:00:00:01", P, "bridge=" + BR], 2, "a multicast MAC"),
                             ([P, "bridge=vmtxd-nosuch"], 2, "a bridge dom0 lacks"),
                             ([P, "default"], 4, "a libvirt network name"),
                             ([P, "dev=eth0"], 4, "dev=IFACE"),
                             (["--config", P, "bridge=" + BR], 4, "--config")):
        rc, out, err = vm("nic-attach", *args)
        t.ok(rc == code and one_line_error(err.encode()) and xl_macs(P) == [mac],
             "nic-attach with %s: exit %d, nothing changed" % (what, code), detail(rc, err))
    rc, out, err = vms("nic-detach", P, mac.upper())
    t.ok(rc == 0 and xl_macs(P) == [], "nic-detach MAC (upper case): gone from xl network-list",
         detail(rc, err, xl("network-list", P)[1]))
    t.ok(wait_for(lambda: "eth0" not in last_line(P, "GUEST-NET="), 60), "the guest no longer sees eth0",
         last_line(P, "GUEST-NET="))
    rc, out, err = vm("nic-detach", P, mac)
    t.ok(rc == 1 and one_line_error(err.encode()) and "none" in err, "nic-detach of a NIC not attached: exit 1",
         detail(rc, err))
    subprocess.run(["ip", "link", "del", BR])
    print("# devices: NICs took %.0f s" % (time.monotonic() - t0))

    rc, out, err = vms("-o", "json", "vcpu-list", P)
    v = json.loads(out).get("vcpus", []) if rc == 0 else []
    t.ok(rc == 0 and [x["vcpu"] for x in v] == [0, 1] and all(x["affinity"] == "0-1" for x in v) and
         v[0]["state"] in ("running", "blocked", "runnable"), "vcpu-list: vCPUs 0 and 1, affinity 0-1 (xl: %s)" %
         xl_affinity(P, 0), detail(rc, out, err))
    rc, out, err = vms("vcpu-pin", P, "0", "1")
    t.ok(rc == 0 and xl_affinity(P, 0) == "1" and xl_affinity(P, 1) == "all", "vcpu-pin 0 1: xl vcpu-list shows "
         "vCPU 0 on CPU 1 only, vCPU 1 untouched", detail(rc, err, xl("vcpu-list", P)[1]))
    rc, out, err = vm("-o", "json", "vcpu-list", P)
    v = json.loads(out).get("vcpus", []) if rc == 0 else []
    t.ok(rc == 0 and v and v[0]["affinity"] == "1" and v[0]["cpu"] in (1, None), "vcpu-list reads the pin back",
         detail(rc, out))
    # CPULIST's syntax (0-, a, 3-1) is checked by the frontend before any backend is loaded: 3-1 once here
    for args, code, what in (([P, "0", "5"], 1, "a CPU the host lacks"), ([P, "0", "3-1"], 2, "3-1"),
                             ([P, "7", "0"], 1, "a vCPU it lacks"),
                             (["--config", P, "0", "0"], 4, "--config")):
        rc, out, err = vm("vcpu-pin", *args)
        t.ok(rc == code and one_line_error(err.encode()) and xl_affinity(P, 0) == "1" and
             (what != "a CPU the host lacks" or "2 CPUs" in err),
             "vcpu-pin with %s: exit %d, nothing changed" % (what, code), detail(rc, err))
    rc, out, err = vm("vcpu-pin", P, "0", "0-1")
    t.ok(rc == 0 and xl_affinity(P, 0) == "all", "vcpu-pin 0 0-1: xl shows all again", detail(rc, err))
    rc, out, err = vms("display", P)
    t.ok(rc == 1 and one_line_error(err.encode()) and "no graphical console" in err,
         "display of a guest without VNC: exit 1", detail(rc, err))
    rc, out, err = vm("vcpu-list", S)
    t.ok(rc == 1 and one_line_error(err.encode()) and "not running" in err, "vcpu-list of a shut-off guest: exit 1",
         detail(rc, err))


def save_restore(t):
    """vmctl save -> xl restore, xl save -> vmctl restore: one file format (xl's)."""
    s1, s2 = os.path.join(SCRATCH, "pv1.save"), os.path.join(SCRATCH, "pv2.save")
    ensure_booted(t, P)
    # a full disk where vmctl writes the image itself: a 16 MiB tmpfs, an
    # older file at the path that must survive, no temporary file left
    full = os.path.join(SCRATCH, "full")
    os.makedirs(full, exist_ok=True)
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", full]).returncode == 0:
        target = os.path.join(full, "pv.save")
        with open(target, "wb") as f:
            f.write(b"an older file")
        rc, out, err = vms("save", P, target, timeout=300)
        with open(target, "rb") as f:
            kept = f.read() == b"an older file"
        left = sorted(n for n in os.listdir(full) if n != "pv.save")
        alive = wait_for(lambda: domid(P) is not None and "p" not in xl_state(P) and "s" not in xl_state(P), 30)
        t.ok(rc == 1 and one_line_error(err.encode()) and "No space left on device" in err and kept and not left
             and alive, "save to a full disk: exit 1, one line, the older file kept, no temporary left, guest running "
             "(%s)" % xl_state(P), detail(rc, err, left))
        subprocess.run(["umount", full])
    else:
        t.ok(False, "mount a small tmpfs for the full-disk save")
    t0 = time.monotonic()
    rc, out, err = vms("--progress", "save", P, s1, timeout=300)
    # --progress off a terminal: whole lines, always a 0% and a 100% line;
    # the ones between come from libxc through libxl's logger
    lines = [ln for ln in err.splitlines() if ln.startswith("vmctl: save '%s': " % P)]
    t.ok(rc == 0 and lines and lines[0].endswith(": 0%") and " 100% " in lines[-1] + " " and
         len(lines) == len(err.splitlines()),
         "save --progress: a 0%% line first, a 100%% line last, %d lines in all" % len(lines), err[-1500:])
    size = os.path.getsize(s1) if os.path.exists(s1) else 0
    magic = b""
    if size:
        with open(s1, "rb") as f:
            magic = f.read(32)
    t.ok(rc == 0 and gone(P) and size > 1 << 20 and magic.startswith(b"Xen saved domain, xl format"),
         "save: domain gone, %d MiB image in xl's format, %.0f s" % (size >> 20, time.monotonic() - t0), detail(rc, err))
    t.ok(info(P).get("state") == "shutoff", "after save, info says shutoff")
    run_explained(t, ["restore", s1], ["xl", "restore", s1], "restore (xl reads what vmctl saved)", timeout=300)
    t.ok(domid(P) is not None and "p" not in xl_state(P), "after xl restore: %s running again (%s)" % (P, xl_state(P)))
    run_explained(t, ["save", P, s2], ["xl", "save", P, s2], "save", timeout=300)
    t.ok(gone(P), "after xl save: no domain")
    t0 = time.monotonic()
    rc, out, err = retried(vms, "restore", s2, timeout=300)
    t.ok(rc == 0 and domid(P) is not None and "p" not in xl_state(P) and "restored" in err,
         "restore (vmctl reads what xl saved): running, %.0f s" % (time.monotonic() - t0), detail(rc, err))

    def offlined():
        return len(re.findall(r"GUEST-CPUS-ONLINE=0\r?\n", console_log(P)))
    before = offlined()
    rc, out, err = vm("vcpu-set", P, "1")
    t.ok(rc == 0 and wait_for(lambda: offlined() > before, 60),
         "the restored guest is alive: it offlined a vCPU after vcpu-set 1", detail(rc, err, console_log(P)[-300:]))
    rc, out, err = vm("restore", s2)
    t.ok(rc == 1 and "already running" in err and one_line_error(err.encode()),
         "restore while the domain runs: exit 1", detail(rc, err))
    rc, out, err = vm("restore", os.path.join(ETC, P + ".cfg"))
    t.ok(rc == 2 and "not a saved Xen domain" in err, "restore of a file that is no saved domain: exit 2", detail(rc, err))
    for p in (s1, s2):
        if os.path.exists(p):
            os.unlink(p)


def lifecycle(t):
    ensure_booted(t, P)
    rc, out, err = vm("pause", P)
    t0 = time.monotonic()
    rc, out, err = vms("stop", P, timeout=300)
    t.ok(rc == 0 and gone(P), "stop of a paused guest: resumed, shut down, gone from xl list (%.0f s)" %
         (time.monotonic() - t0), detail(rc, err))
    rc, out, err = vm("stop", P)
    t.ok(rc == 0 and "already shut off" in err, "stop again: exit 0, already shut off", detail(rc, err))
    rc, out, err = vm("kill", P)
    t.ok(rc == 0 and "already shut off" in err, "kill of the stopped guest: exit 0, already shut off", detail(rc, err))

    rc, out, err = vms("start", "--paused", P)
    t.ok(rc == 0 and "p" in xl_state(P) and info(P).get("state") == "paused", "start --paused: xl list state %s" %
         xl_state(P), detail(rc, err))
    rc, out, err = vms("kill", P)
    t.ok(rc == 0 and wait_for(lambda: gone(P), 30), "kill: gone from xl list", detail(rc, err))

    # a reboot request is answered by the guest's PV drivers: each one waits for a booted guest
    boots = console_log(P).count("GUEST-BOOTED")
    rc, out, err = retried(vm, "start", P)
    old = domid(P)
    t.ok(rc == 0 and wait_for(lambda: booted(P, boots + 1), 240), "start %s again: booted" % P, detail(rc, err))
    t0 = time.monotonic()
    rc, out, err = vms("reboot", P, timeout=300)
    new = wait_for(lambda: domid(P) not in (None, old) and domid(P), 240)
    rebooted = rc == 0 and new and wait_for(lambda: booted(P, boots + 2), 300)
    t.ok(rebooted, "reboot: vmctl's monitor restarted the domain (id %s -> %s), which booted again (%.0f s)" %
         (old, new, time.monotonic() - t0),
         detail(rc, err, None if rebooted else "xl list: %s; its console's last lines:\n%s" %
                (xl_state(P) or "not there", console_log(P)[-600:])))
    if rebooted:  # else xl reboot would only wait out libxl's 60 s for PV drivers that are not up
        run_explained(t, ["reboot", P], ["xl", "reboot", P], "reboot", timeout=300)
        newer = wait_for(lambda: domid(P) not in (None, old, new) and domid(P), 240)
        # the domain exists (paused) before the monitor has finished creating it:
        # wait for the boot, or the kill below races the restart
        t.ok(newer and wait_for(lambda: booted(P, boots + 3), 300),
             "after xl reboot: vmctl's monitor restarted it again (id %s -> %s), which booted" % (new, newer))
    else:
        print("# the restarted guest did not boot: xl reboot is not tried")
    rc, out, err = vm("kill", P)
    t.ok(rc == 0 and wait_for(lambda: gone(P), 30), "kill of the restarted guest: gone", detail(rc, err))
    log = ""
    try:
        with open("/var/log/xen/vmctl-%s.log" % P) as f:
            log = f.read()
    except OSError:
        pass
    t.ok(log.count("restarted") >= 2 and "destroyed" in log and "is gone" in log,
         "the monitor's log tells the restarts and the end", log[-800:])


def dash_booted(t):
    """The explained console and stop on '-vmt-d'."""
    t.ok(wait_for(lambda: booted(D), 240), "guest %r booted" % D, console_log(D)[-600:])
    rc, cmds = explained("console", "--", D)
    ok = cmds == [["xl", "console", "--", D]]
    rc2, out = in_pty([XL] + cmds[0][1:], console_dialogue(8)) if ok else (None, "")
    t.ok(ok and rc2 == 0 and "CONSOLE-48" in out, "explained console runs: xl console -- %s" % D, detail(cmds, out[-600:]))
    t0 = time.monotonic()
    run_explained(t, ["stop", "--", D], ["xl", "shutdown", "-w", "-F", "--", D], "stop", timeout=300)
    t.ok(wait_for(lambda: gone(D), 30), "after xl shutdown -w -F: %r gone (%.0f s)" % (D, time.monotonic() - t0))
    rc, cmds = explained("migrate", "--", D, "otherhost")
    t.ok(cmds == [["xl", "migrate", "--", D, "otherhost"]],
         "explained migrate is exact (not run: the bed has no second host)", cmds)
    rc, cmds = explained("snapshot", "create", P)
    t.ok(rc == 4 and cmds == [], "explained snapshot: no xl equivalent, exit 4", detail(rc, cmds))


def final_checks(t):
    lst = listing()
    t.ok(all(g["state"] == "shutoff" for g in lst.values()) and {P, S, D} <= set(lst),
         "list at the end: only the shut-off .cfg guests", json.dumps(lst)[:600])
    bad = []
    for f in os.listdir("/var/log/xen"):
        if f.startswith("vmctl-"):
            with open(os.path.join("/var/log/xen", f), errors="replace") as fh:
                text = fh.read()
            if "Sanitizer" in text or "runtime error" in text:
                bad.append(f + ": " + text[-600:])
    t.ok(not bad, "no sanitizer report in the monitors' logs", "\n".join(bad))
    cores = sorted(os.listdir("/tmp/cores")) if os.path.isdir("/tmp/cores") else []
    t.ok(not cores, "no process died with a core dump in dom0 (vmctl's monitors, xl, xenstored ...)",
         "\n".join(cores))


# --- wait, events, top, exec (xen_watch.c, xen_top.c) ---------------------------------------------------------

W = "w20-watch"  # a guest of its own for wait and events


class Stream:
    """A vmctl wait or events running in another process; its output read as it comes."""

    def __init__(self, binary, *args):
        self.argv = [binary, "-b", "xen"] + list(args)
        self.p = subprocess.Popen(self.argv, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=vmctl_env(binary))
        os.set_blocking(self.p.stdout.fileno(), False)
        self.out = b""
        self.err = b""
        self.rc = None
        self.ended = None  # time.monotonic() when it was seen to exit

    def read(self):
        try:
            while True:
                b = self.p.stdout.read(65536)
                if not b:
                    break
                self.out += b
        except (BlockingIOError, TypeError):
            pass
        if self.rc is None and self.p.poll() is not None:
            self.ended = time.monotonic()
            self.rc = self.p.returncode
        return self.out.decode(errors="replace")

    def lines(self):
        return [ln for ln in self.read().splitlines() if ln.strip()]

    def events(self):
        """(guest, event, state) of each line, text or JSON."""
        r = []
        for ln in self.lines():
            if ln.startswith("{"):
                try:
                    j = json.loads(ln)
                    r.append((j.get("guest"), j.get("event"), j.get("state")))
                except ValueError:
                    r.append(("?", ln, "?"))
            else:  # TIME HOST GUEST EVENT STATE, GUEST shell-quoted
                m = re.match(r"^\S+ \S+ (.+) (\S+) (\S+)$", ln)
                g = m.group(1) if m else "?"
                if len(g) > 1 and g[0] == g[-1] == "'":
                    g = g[1:-1]
                r.append((g, m.group(2), m.group(3)) if m else ("?", ln, "?"))
        return r

    def exited(self, timeout):
        """Waits up to timeout for the exit; the exit code, or None."""
        end = time.monotonic() + timeout
        while self.rc is None and time.monotonic() < end:
            try:
                self.p.wait(timeout=0.01)
            except subprocess.TimeoutExpired:
                pass
            self.read()
        return self.rc

    def finish(self, sig=None, timeout=60):
        """Sends sig (again every 2 s: one that comes before vmctl has set its handler is lost where the
        signal is ignored, as in a shell's background job), waits for the exit."""
        rc = None
        end = time.monotonic() + timeout
        while sig is not None and rc is None and time.monotonic() < end:
            if self.p.poll() is None:
                self.p.send_signal(sig)
            rc = self.exited(2)
        rc = self.exited(max(0, end - time.monotonic()))
        if rc is None:
            self.p.kill()
            self.p.wait()
        self.read()
        self.err = self.p.stderr.read() or b""
        if rc is not None and rc < 0 and self.argv[0] in (VM, FAST):
            self.err += crash_report(self.argv[0], self.p.pid).encode()
        return rc

    def show(self):
        return detail(self.argv, self.rc, self.out.decode(errors="replace")[-1500:], self.err.decode(errors="replace"))


def in_order(seen, want):
    """Whether want's (event, state) pairs come in seen in this order (other lines between them allowed)."""
    i = 0
    for e in seen:
        if i < len(want) and e[1:] == want[i]:
            i += 1
    return i == len(want)


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        f = f.read().rsplit(")", 1)[1].split()
    return int(f[11]) + int(f[12])  # utime + stime


def watch_checks(t):
    """wait and events on xen: each change made by xl from this process while vmctl watches in another one:
    xl create / pause / unpause / destroy of a guest of its own, read back with xl list; SIGINT ends events
    (exit 0); top --once against xl list read at the same time; exec is exit 125, not supported (4)."""
    write(os.path.join(ETC, W + ".cfg"), pv_cfg(W))
    if domid(P) is None:
        retried(vm, "start", P)
    every = Stream(FAST, "events")
    onep = Stream(VM, "-o", "json", "events", "--", P)

    def saw(s, name, ev):
        return any(e[0] == name and e[1] == ev for e in s.events())

    # the streams register before they print anything: a pause of the running P, repeated until both show
    # it, tells they are watching
    ready = False
    for _ in range(30):
        xl("pause", P)
        ready = wait_for(lambda: saw(every, P, "suspended") and saw(onep, P, "suspended"), 4, 0.2)
        xl("unpause", P)
        if ready or every.rc is not None or onep.rc is not None:
            break
    t.ok(ready and wait_for(lambda: saw(every, P, "resumed") and saw(onep, P, "resumed"), 30, 0.2),
         "events and events -o json %s: xl pause and xl unpause of %s seen (suspended, resumed)" % (P, P),
         detail(every.show(), onep.show()))

    def waiting(state, *more):
        s = Stream(FAST, "wait", "--state", state, *more, "--", W)
        time.sleep(3)  # time to register (not asserted: a wait that starts late sees the state as present)
        return s

    w = waiting("running")
    alive = w.rc is None and w.read() == ""
    rc, out, err = retried(xl, "create", os.path.join(ETC, W + ".cfg"))
    t.ok(alive and rc == 0 and w.exited(120) == 0 and domid(W) is not None and "p" not in xl_state(W),
         "wait --state running on the shut-off %s: still waiting, then exit 0 after xl create (xl list: %s)" %
         (W, xl_state(W)), detail(w.show(), rc, err))
    w.finish()

    w = waiting("paused")
    alive = w.rc is None
    rc, out, err = xl("pause", W)
    done = time.monotonic()
    t.ok(alive and rc == 0 and w.exited(60) == 0 and "p" in xl_state(W),
         "wait --state paused: exit 0 after xl pause (xl list: %s)" % xl_state(W), detail(w.show(), err))
    if w.ended:
        print("# figure: wait --state paused returned %.0f ms after xl pause returned (TCG dom0)" %
              ((w.ended - done) * 1000))
    w.finish()

    rc, out, err = vms("wait", "--state", "shutoff", "--timeout", "2", W)
    t.ok(rc == 1 and one_line_error(err.encode()) and "still paused" in err and domid(W) is not None,
         "wait --timeout 2 for a state that does not come: exit 1, says it is still paused", detail(rc, err))
    rc, out, err = vms("wait", "--state", "paused", "--timeout", "0", W)
    t.ok(rc == 0 and out == "" and err == "", "wait --timeout 0 for the state it is in: exit 0 at once",
         detail(rc, out, err))

    w = waiting("running")
    alive = w.rc is None
    rc, out, err = xl("unpause", W)
    t.ok(alive and rc == 0 and w.exited(60) == 0 and "p" not in xl_state(W),
         "wait --state running: exit 0 after xl unpause (xl list: %s)" % xl_state(W), detail(w.show(), err))
    w.finish()

    top_checks(t)

    w = waiting("shutoff")
    alive = w.rc is None
    rc, out, err = xl("destroy", W)
    t.ok(alive and rc == 0 and w.exited(60) == 0 and gone(W), "wait --state shutoff: exit 0 after xl destroy, "
         "xl domid finds no %s" % W, detail(w.show(), err))
    w.finish()

    w = waiting("running")
    rc = w.finish(signal.SIGINT)
    t.ok(rc == 1 and "interrupted" in w.err.decode() and one_line_error(w.err),
         "wait interrupted by SIGINT: exit 1, says so", w.show())
    for args, code, what in ((["w20-nosuch"], 3, "no such guest"), (["Domain-0"], 2, "Domain-0 (the host)"),
                             (["0"], 2, "domain 0")):
        rc, out, err = vm("wait", "--state", "running", *args)
        t.ok(rc == code and one_line_error(err.encode()), "wait on %s: exit %d" % (what, code), detail(rc, err))

    t.ok(wait_for(lambda: saw(every, W, "stopped"), 30, 0.2), "events saw %s stopped" % W, every.show())
    rc1, rc2 = every.finish(signal.SIGINT), onep.finish(signal.SIGINT)
    mine = [e for e in every.events() if e[0] == W]
    # xl builds a domain paused and unpauses it when built: started paused, then resumed running, unless the
    # domain was first seen after that
    first_run = next((i for i, e in enumerate(mine) if e[2] == "running"), len(mine))
    t.ok(rc1 == 0 and mine and mine[0][1] == "started" and
         in_order(mine[first_run + 1:], [("suspended", "paused"), ("resumed", "running"), ("stopped", "shutoff")]),
         "events (text): %s started, running, suspended paused, resumed running, stopped shutoff; SIGINT: exit 0" % W,
         detail(mine, every.show()))
    bad = [ln for ln in every.lines()
           if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d\d:\d\d - .+ \S+ \S+$", ln)]
    t.ok(not bad and not any(e[0] == "Domain-0" for e in every.events()),
         "events lines are TIME - GUEST EVENT STATE, none for Domain-0", detail(bad, every.show()))
    objs = [json.loads(ln) for ln in onep.lines()]
    t.ok(rc2 == 0 and objs and all(o.get("guest") == P and o.get("backend") == "xen" and o.get("host") is None and
                                   "schema_version" in o and "time" in o for o in objs) and
         in_order([(o["guest"], o["event"], o["state"]) for o in objs], [("suspended", "paused"), ("resumed", "running")]),
         "events -o json %s (sanitized build): only its lines, suspended paused then resumed running; SIGINT: exit 0" % P,
         onep.show())

    rc, out, err = vms("exec", P, "--", "true")
    t.ok(rc == 125 and out == "" and one_line_error(err.encode()) and "not supported (4)" in err,
         "exec: exit 125, not supported (4) with the reason", detail(rc, err))
    if domid(W) is not None:
        xl("destroy", W)


def xl_list_all():
    """name -> (mem MiB, vcpus, state, time s) of `xl list`."""
    rc, out, _ = xl("list")
    r = {}
    for ln in out.splitlines()[1:]:
        f = ln.split()
        if len(f) >= 6 and f[-5].isdigit():
            r[" ".join(f[:-5])] = (int(f[-4]), int(f[-3]), f[-2], float(f[-1]))
    return r


def top_checks(t):
    """top --once -o json against xl list read at the same time, on three domains: P and W running, S paused."""
    rc0, _, err0 = xl("create", "-p", os.path.join(ETC, S + ".cfg"))
    before = xl_list_all()
    rc, out, err = vms("-o", "json", "top", "--once")
    after = xl_list_all()
    how = "top --once -o json"
    rows = {}

    def walk(o):
        if isinstance(o, dict):
            if isinstance(o.get("name"), str) and "cpu_time" in o:
                rows[o["name"]] = o
            for v in o.values():
                walk(v)
        elif isinstance(o, list):
            for v in o:
                walk(v)
    for ln in out.splitlines():
        try:
            walk(json.loads(ln))
        except ValueError:
            pass
    bad = []
    for name in (P, W, S):
        g, a, b = rows.get(name), before.get(name), after.get(name)
        if not (g and a and b):
            bad.append((name, g, a, b))
            continue
        secs = g["cpu_time"] or 0  # seconds in vmctl's JSON
        lo, hi = min(a[3], b[3]), max(a[3], b[3])
        # xl list rounds to 0.1 s
        if not (lo * 0.95 - 0.1 <= secs <= hi * 1.05 + 0.1) or (g.get("mem") or 0) >> 20 not in (a[0], b[0]) or \
                g.get("state") != ("paused" if name == S else "running"):
            bad.append((name, g, a, b))
    t.ok(rc == 0 and rc0 == 0 and not bad and "Domain-0" not in rows,
         "%s: CPU time within 5%% of xl list's, memory and state as xl list says, for %s, %s and "
         "%s; no Domain-0" % (how, P, W, S), detail(rc, err, err0, bad, out[-1500:]))
    xl("destroy", S)


def watch_bench(t):
    """Not in CI (dom0.py watch_bench): idle CPU of wait and events over 60 s, and wait's reaction to xl pause."""
    if domid(P) is None:
        retried(vm, "start", P)
    w = Stream(FAST, "wait", "--state", "shutoff", "--", P)
    e = Stream(FAST, "events")
    time.sleep(10)
    hz = os.sysconf("SC_CLK_TCK")
    t0, a0, b0 = time.monotonic(), cpu_ticks(w.p.pid), cpu_ticks(e.p.pid)
    time.sleep(60)
    dt, a1, b1 = time.monotonic() - t0, cpu_ticks(w.p.pid), cpu_ticks(e.p.pid)
    print("# figure: idle CPU over %.0f s: wait %.0f ms, events %.0f ms (TCG dom0, %d domains)" %
          (dt, (a1 - a0) * 1000.0 / hz, (b1 - b0) * 1000.0 / hz, len(xl_list_all())))
    w.finish(signal.SIGINT)
    e.finish(signal.SIGINT)
    times = []
    for _ in range(10):
        w = Stream(FAST, "wait", "--state", "paused", "--", P)
        time.sleep(3)
        xl("pause", P)
        done = time.monotonic()
        if w.exited(30) == 0:
            times.append((w.ended - done) * 1000)
        w.finish()
        xl("unpause", P)
    times.sort()
    print("# figure: wait --state paused after xl pause returned: %s ms (median %.0f)" %
          (", ".join("%.0f" % x for x in times), times[len(times) // 2] if times else -1))
    t.ok(len(times) == 10, "bench: every wait returned", times)


if __name__ == "__main__":
    main()
