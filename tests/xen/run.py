#!/usr/bin/env python3
"""CTest xen.run: the xen backend on a real Xen 4.17 hypervisor booted under
QEMU (tests/beds/xen).  On this host, which runs no Xen: `-b xen` is exit 5
with one line, and domain 0 is refused (exit 2) before libxl is asked.
Then the bed is built (tests/beds/xen/build.sh, which runs deps.sh; cached
in VMCTL_BEDDIR/xen) and booted (run.sh), tests/xen/dom0.sh runs this
build's vmctl inside dom0 (every verb once; a plain build of the same tree,
made here when this one is sanitized, runs the rest: see plain_build), and
its TAP comes back here, renumbered, so that CTest passes or fails on it.  Without root: skipped (77), unless CI is set,
where a missing bed is a failure."""
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
from bed import is_root, require  # noqa: E402
from vmtest import SRCDIR, VMCTL, Tap, one_line_error, run  # noqa: E402

SRC = os.path.abspath(SRCDIR)
BEDS = os.path.join(SRC, "tests", "beds", "xen")
BEDDIR = os.path.abspath(os.environ.get("VMCTL_BEDDIR") or os.path.join(SRC, "build", "testbed"))
WORK = os.path.join(BEDDIR, "xen")
DOM0_TEST = os.path.join(SRC, "tests", "xen", "dom0.sh")
DOM0_TIMEOUT = 900  # run.sh's hard limit for boot + suite (CI budget: 6 min; slack for a loaded host)
TAP_LINE = re.compile(r"^(not ok|ok)\b\s*\d*\s*(?:-\s*)?(.*)$")


def on_xen():
    try:
        with open("/proc/xen/capabilities") as f:
            return "control_d" in f.read()
    except OSError:
        return False


def host_checks(t, vmctl):
    """What a host without Xen says (skipped on a real dom0)."""
    if on_xen():
        print("# this host is a Xen dom0: the no-Xen checks do not apply")
        return
    rc, out, err = run(["-b", "xen", "list"])
    t.ok(rc == 5 and one_line_error(err) and b"Xen is not available on this host" in err and out == b"",
         "-b xen list on a host without Xen: exit 5, one line", (rc, err))
    rc, out, err = run(["-b", "xen", "kill", "0"])
    t.ok(rc == 2 and one_line_error(err) and b"host itself" in err,
         "-b xen kill 0: exit 2 before libxl is asked, even without Xen", (rc, err))


def sanitized(vmctl):
    """Whether vmctl is a sanitizer build (its build tree says so)."""
    try:
        with open(os.path.join(os.path.dirname(vmctl), "CMakeCache.txt")) as f:
            return "VMCTL_SANITIZE:BOOL=ON" in f.read()
    except OSError:
        return True  # not a build tree: build a plain copy to be sure


def plain_build(t, vmctl):
    """A plain (unsanitized) vmctl and xen module from the same tree for the bulk of the dom0 suite: under
    TCG each run of a sanitizer build costs ~2 s in the PV dom0 against ~0.5 s, too slow for the whole
    suite within the stage's budget.  The build under test still runs every verb once there."""
    if not sanitized(vmctl):
        return vmctl
    # with -g: a vmctl that dies in dom0 is shown with its backtrace (dom0.py, crash_report)
    out = os.path.join(BEDDIR, "xen-vmctl-plain")
    for argv in (["cmake", "-S", SRC, "-B", out, "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DBUILD_TESTING=OFF"],
                 ["cmake", "--build", out, "-j", str(os.cpu_count() or 2), "--target", "vmctl", "vmctl-xen"]):
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
        if p.returncode != 0:
            t.ok(False, "plain build of vmctl for dom0: " + " ".join(argv), p.stdout.decode(errors="replace")[-2000:])
            t.done()
    return os.path.join(out, "vmctl")


def hooks_build(t, vmctl):
    """A vmctl with the crash-test hook (VMCTL_TEST_HOOKS) for the kill steps of dom0.py's define_checks: the
    build under test when it has it (a sanitized build has it by default), else one made from the same tree.
    The plain build never has it."""
    try:
        with open(os.path.join(os.path.dirname(vmctl), "CMakeCache.txt")) as f:
            if "VMCTL_TEST_HOOKS:BOOL=ON" in f.read():
                return vmctl
    except OSError:
        pass
    out = os.path.join(BEDDIR, "xen-vmctl-hooks")
    for argv in (["cmake", "-S", SRC, "-B", out, "-DCMAKE_BUILD_TYPE=RelWithDebInfo", "-DBUILD_TESTING=OFF",
                  "-DVMCTL_TEST_HOOKS=ON"],
                 ["cmake", "--build", out, "-j", str(os.cpu_count() or 2), "--target", "vmctl", "vmctl-xen"]):
        p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=900)
        if p.returncode != 0:
            t.ok(False, "hooks build of vmctl for dom0: " + " ".join(argv), p.stdout.decode(errors="replace")[-2000:])
            t.done()
    return os.path.join(out, "vmctl")


def relay(t, text):
    """Re-emits the dom0 suite's TAP with this file's numbering; returns its plan."""
    plan = None
    for line in text.splitlines():
        m = TAP_LINE.match(line)
        if m:
            desc = m.group(2)
            todo = re.search(r"#\s*(TODO|SKIP)", desc, re.I)
            t.ok(m.group(1) == "ok" or bool(todo and todo.group(1).upper() == "TODO"), "dom0: " + desc)
        elif line.startswith("1.."):
            plan = int(line[3:].split()[0]) if line[3:].split() and line[3:].split()[0].isdigit() else None
        elif line.startswith("Bail out!"):
            t.ok(False, "dom0: " + line)
        elif line.startswith("#"):
            print(line)
    sys.stdout.flush()
    return plan


def main():
    t = Tap()
    stage0 = time.monotonic()
    vmctl = os.path.abspath(VMCTL)
    modules = os.path.join(os.path.dirname(vmctl), "modules")
    require(t, os.path.exists(os.path.join(modules, "vmctl-xen.so")),
            "the xen module %s/vmctl-xen.so (built when libxen-dev is installed at configure time)" % modules)
    host_checks(t, vmctl)
    host_s = time.monotonic() - stage0
    require(t, is_root(), "root (the Xen bed installs packages and boots QEMU)")

    t0 = time.monotonic()
    os.makedirs(WORK, exist_ok=True)
    b = subprocess.run([os.path.join(BEDS, "build.sh"), WORK], stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                       timeout=1800)
    built = time.monotonic() - t0
    out = b.stdout.decode(errors="replace")
    require(t, b.returncode == 0, "the Xen bed built (tests/beds/xen/build.sh %s): %s" % (WORK, out[-1500:]))
    print("# bed: build.sh (with deps.sh) took %.0f s" % built)

    t0 = time.monotonic()
    fast = plain_build(t, vmctl)
    hooks = hooks_build(t, vmctl)
    built += time.monotonic() - t0
    # dom0 sees the host's own paths under /tmp, /run and /mnt hidden (tmpfs): the source tree and both
    # builds are shared at fixed mount points instead, wherever the checkout is (spaces included)
    mounts = ["-m", SRC + "=/mnt/src", "-m", os.path.dirname(vmctl) + "=/mnt/build"]
    fast_in_dom0 = "/mnt/build/" + os.path.basename(vmctl)
    vmctl_in_dom0 = fast_in_dom0
    if fast != vmctl:
        mounts += ["-m", os.path.dirname(fast) + "=/mnt/plain"]
        fast_in_dom0 = "/mnt/plain/" + os.path.basename(fast)
    hooks_in_dom0 = vmctl_in_dom0
    if hooks != vmctl:
        mounts += ["-m", os.path.dirname(hooks) + "=/mnt/hooks"]
        hooks_in_dom0 = "/mnt/hooks/" + os.path.basename(hooks)
    env = dict(os.environ)
    env.pop("VMCTL_MODULE_DIR", None)  # each vmctl in dom0 uses the modules beside it
    env.update({
        "VMCTL_BIN": vmctl_in_dom0,
        "VMCTL_FAST_BIN": fast_in_dom0,
        "VMCTL_HOOKS_BIN": hooks_in_dom0,
        "SRCDIR": "/mnt/src",
        "XENBED_PASS_ENV": "VMCTL_BIN VMCTL_FAST_BIN VMCTL_HOOKS_BIN SRCDIR ASAN_OPTIONS UBSAN_OPTIONS LSAN_OPTIONS",
        "XENBED_LOCK_WAIT": str(DOM0_TIMEOUT),  # another bed run on this host: wait for it, not counted
    })
    t1 = time.monotonic()
    try:
        r = subprocess.run([os.path.join(BEDS, "run.sh")] + mounts + [WORK, DOM0_TEST, str(DOM0_TIMEOUT)],
                           stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, env=env, timeout=2 * DOM0_TIMEOUT + 120)
        rc, tap, err = r.returncode, r.stdout.decode(errors="replace"), r.stderr.decode(errors="replace")
    except subprocess.TimeoutExpired as e:
        rc, tap, err = -1, (e.stdout or b"").decode(errors="replace"), "run.sh did not return"
    booted = time.monotonic() - t1
    m = re.search(r"whole run ([0-9.]+)s", tap)
    if m:  # without the wait for another bed run's host lock
        booted = float(m.group(1))
    plan = relay(t, tap)
    t.ok(rc == 0 and plan is not None, "the dom0 suite ran to its end and passed (%s tests planned; run.sh exit %s)" %
         (plan, rc), err[-3000:] + "\nserial log: %s/serial.log" % WORK)
    print("# xen stage: %.0f s (bed and plain vmctl build %.0f s, Xen boot + dom0 suite %.0f s)" %
          (built + booted + host_s, built, booted))
    t.done()


if __name__ == "__main__":
    main()
