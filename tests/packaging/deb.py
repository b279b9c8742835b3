#!/usr/bin/env python3
"""The .deb as a user meets it: a fresh Release build (prefix /usr) packaged
by cpack; its control fields (Depends: what the core binary links, never a
backend library; Recommends: the library packages of every backend module);
its files in the FHS places; installed with dpkg -i on this machine, then
/usr/bin/vmctl --version, man vmctl, a list through the installed libvirt
module, the installed bash completion; removed again with dpkg -r in any case.

Root only: exits 77 (skipped) otherwise, unless CI=true, where it fails.
usage: deb.py [CMAKE [CPACK]]"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "lib"))
from vmtest import SRCDIR, Tap, is_ci  # noqa: E402

CMAKE = sys.argv[1] if len(sys.argv) > 1 else (shutil.which("cmake") or "cmake")
CPACK = sys.argv[2] if len(sys.argv) > 2 else os.path.join(os.path.dirname(CMAKE), "cpack")
PKG = "vmctl"
URI = "test:///default"


def sh(argv, check=False, **kw):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=kw.pop("timeout", 900), **kw)
    if check and p.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s%s" % (" ".join(argv), p.returncode, p.stdout.decode()[-3000:],
                                                       p.stderr.decode()[-3000:]))
    return p


def skip_or_fail(why):
    if is_ci():
        print("not ok 1 - %s (required in CI)" % why)
        print("1..1")
        sys.exit(1)
    print("1..0 # SKIP %s" % why)
    sys.exit(77)


def installed(pkg):
    p = sh(["dpkg-query", "-W", "-f=${Status}", pkg])
    return p.returncode == 0 and b"installed" in p.stdout and b"not-installed" not in p.stdout


def needed(path):
    """The DT_NEEDED libraries of an ELF file."""
    out = sh(["objdump", "-p", path], check=True).stdout.decode()
    return re.findall(r"^\s+NEEDED\s+(\S+)", out, re.M)


def owner_packages(soname):
    """The packages that ship a library of that name (dpkg -S)."""
    p = sh(["dpkg-query", "-S", "*/" + soname])
    return {line.split(":")[0] for line in p.stdout.decode().splitlines() if ":" in line}


def field_packages(value):
    """Package names of a Depends-like field."""
    names = set()
    for dep in value.split(","):
        for alt in dep.split("|"):
            alt = alt.strip()
            if alt:
                names.add(re.split(r"[\s(:]", alt)[0])
    return names


def dpkg(args):
    """dpkg, waiting for its lock while another dpkg or apt-get holds it."""
    end = time.time() + 300
    while True:
        p = sh(["dpkg"] + args)
        if p.returncode == 0 or b"lock" not in p.stderr or time.time() > end:
            return p
        time.sleep(2)


def main():
    if os.geteuid() != 0:
        skip_or_fail("installing a .deb needs root")
    for tool in ("dpkg", "dpkg-deb", "dpkg-shlibdeps", "objdump"):
        if not shutil.which(tool):
            skip_or_fail("%s is not installed" % tool)
    if not shutil.which("man"):
        skip_or_fail("man (package man-db) is not installed")
    if installed(PKG) or os.path.lexists("/usr/bin/vmctl"):
        skip_or_fail("vmctl is already installed here (/usr/bin/vmctl); this test must not replace it")

    t = Tap()
    tmp = tempfile.mkdtemp(prefix="vmctl-deb.")
    try:
        checks(t, tmp)
    except (RuntimeError, subprocess.TimeoutExpired, OSError) as e:
        t.ok(False, "no step failed", str(e))
    finally:
        if installed(PKG) or sh(["dpkg-query", "-W", PKG]).returncode == 0:
            p = dpkg(["-r", PKG])
            if sh(["dpkg-query", "-W", PKG]).returncode == 0:
                dpkg(["--purge", PKG])  # what -r left (nothing, without conffiles)
            t.ok(p.returncode == 0 and not installed(PKG) and not os.path.lexists("/usr/bin/vmctl"),
                 "dpkg -r removes it again", p.stdout + p.stderr)
        shutil.rmtree(tmp, ignore_errors=True)
    t.done()


def checks(t, tmp):
    arch = sh(["dpkg", "--print-architecture"], check=True).stdout.decode().strip()
    multiarch = sh(["dpkg-architecture", "-qDEB_HOST_MULTIARCH"]).stdout.decode().strip() if shutil.which(
        "dpkg-architecture") else ""
    build = os.path.join(tmp, "build")
    env = {k: v for k, v in os.environ.items() if k not in ("VMCTL_MODULE_DIR", "DESTDIR")}
    sh([CMAKE, "-S", SRCDIR, "-B", build, "-DCMAKE_BUILD_TYPE=Release", "-DCMAKE_INSTALL_PREFIX=/usr",
        "-DBUILD_TESTING=OFF"], check=True, env=env)
    sh([CMAKE, "--build", build, "-j", str(os.cpu_count() or 2)], check=True, env=env)
    p = sh([CPACK, "-G", "DEB", "-B", os.path.join(tmp, "pkg")], cwd=build, env=env)
    debs = [f for f in os.listdir(os.path.join(tmp, "pkg")) if f.endswith(".deb")] if p.returncode == 0 else []
    t.ok(len(debs) == 1, "cpack makes one .deb", p.stdout.decode()[-2000:] + p.stderr.decode()[-2000:])
    if len(debs) != 1:
        return
    deb = os.path.join(tmp, "pkg", debs[0])
    version = sh([os.path.join(build, "vmctl"), "--version"], check=True).stdout.decode().split()[-1]
    modules = sorted(f for f in os.listdir(os.path.join(build, "modules")) if re.fullmatch(r"vmctl-.*\.so", f))
    t.ok("vmctl-libvirt.so" in modules, "the build has backend modules", modules)

    # control fields
    f = {}
    for line in sh(["dpkg-deb", "-f", deb], check=True).stdout.decode().splitlines():
        m = re.match(r"([A-Za-z-]+): ?(.*)", line)
        if m:
            f[m.group(1)] = m.group(2)
    print("# control: %s" % f)
    t.ok(f.get("Package") == PKG, "Package: vmctl", f)
    t.ok(f.get("Version") == version, "Version: %s, as vmctl --version" % version, f.get("Version"))
    t.ok(f.get("Architecture") == arch, "Architecture: %s" % arch, f.get("Architecture"))
    t.ok(f.get("Section") == "admin", "Section: admin", f.get("Section"))
    t.ok(bool(f.get("Maintainer")) and "@" in f.get("Maintainer", ""), "Maintainer", f.get("Maintainer"))
    t.ok(bool(f.get("Description")), "Description", f.get("Description"))
    depends = field_packages(f.get("Depends", ""))
    recommends = field_packages(f.get("Recommends", ""))
    core_needed = needed(os.path.join(build, "vmctl"))
    t.ok(not [n for n in core_needed if re.search(r"virt|lxc|xen", n)],
         "the vmctl binary links no backend library", core_needed)
    t.ok("libc6" in depends and any(d.startswith("libjson-c") for d in depends),
         "Depends has libc6 and libjson-c", f.get("Depends"))
    t.ok(not [d for d in depends if re.search(r"virt|lxc|xen", d)],
         "Depends has no libvirt, lxc or xen package", f.get("Depends"))
    for lib in core_needed:
        pk = owner_packages(lib)
        t.ok(not pk or pk & depends, "Depends covers %s (%s)" % (lib, ", ".join(sorted(pk))), f.get("Depends"))
    for mod in modules:
        for lib in needed(os.path.join(build, "modules", mod)):
            if lib in core_needed:
                continue
            pk = owner_packages(lib)
            t.ok(bool(pk & recommends), "Recommends covers %s of %s (%s)" % (lib, mod, ", ".join(sorted(pk))),
                 f.get("Recommends"))
    named = {"vmctl-libvirt.so": "libvirt0", "vmctl-lxc.so": "liblxc1"}
    for mod in modules:
        want = named.get(mod)
        if mod == "vmctl-xen.so":
            want = next(iter(owner_packages("libxenlight.so.4.17")), "libxenlight (no package found)")
        if want:
            t.ok(want in recommends, "Recommends %s, for %s" % (want, mod), f.get("Recommends"))

    # contents
    files = set()
    for line in sh(["dpkg-deb", "-c", deb], check=True).stdout.decode().splitlines():
        path = line.split()[-1]
        files.add(path[1:] if path.startswith("./") else path)
    libdir = "/usr/lib/%s/vmctl" % multiarch if multiarch else None
    want = ["/usr/bin/vmctl", "/usr/share/man/man1/vmctl.1", "/usr/share/bash-completion/completions/vmctl",
            "/usr/share/zsh/vendor-completions/_vmctl"]
    for w in want:
        t.ok(w in files or w + ".gz" in files, "the package has %s" % w, sorted(files))
    for mod in modules:
        t.ok(any(x.endswith("/vmctl/" + mod) and x.startswith("/usr/lib/") for x in files) and
             (not libdir or libdir + "/" + mod in files), "the package has %s/%s" % (libdir or "/usr/lib/*/vmctl", mod),
             sorted(files))

    # install; the man page even where dpkg is told to leave manuals out
    p = dpkg(["--path-include=/usr/share/man/man1/vmctl.1*", "-i", deb])
    we_installed = installed(PKG)
    t.ok(p.returncode == 0 and we_installed, "dpkg -i installs it", p.stdout.decode() + p.stderr.decode())
    if not we_installed:
        return
    clean = {k: v for k, v in os.environ.items() if k not in ("VMCTL_MODULE_DIR", "LIBVIRT_DEFAULT_URI")}
    p = sh(["/usr/bin/vmctl", "--version"], env=clean, cwd="/")
    t.ok(p.returncode == 0 and p.stdout.decode() == "vmctl %s\n" % version, "/usr/bin/vmctl --version",
         p.stdout + p.stderr)
    p = sh(["man", "-w", "vmctl"], env=clean)
    t.ok(p.returncode == 0 and p.stdout.decode().startswith("/usr/share/man/man1/vmctl.1"),
         "man -w vmctl finds /usr/share/man/man1/vmctl.1", p.stdout + p.stderr)
    p = sh(["sh", "-c", "MANPAGER=cat MANWIDTH=80 man vmctl | head"], env=clean)
    page = p.stdout.decode()
    t.ok("VMCTL(1)" in page and "NAME" in page and "vmctl" in page, "MANPAGER=cat man vmctl | head", page)
    p = sh(["/usr/bin/vmctl", "-c", URI, "list"], env=clean, cwd="/", timeout=60)
    t.ok(p.returncode == 0 and re.search(rb"\btest\b", p.stdout) is not None,
         "/usr/bin/vmctl -c %s list works through the installed libvirt module" % URI, p.stdout + p.stderr)
    for mod in modules:
        name = mod[len("vmctl-"):-len(".so")]
        argv = ["/usr/bin/vmctl", "-b", name] + (["-c", URI] if name == "libvirt" else []) + ["list"]
        if name == "lxc":
            argv[3:3] = ["-P", tmp]
        p = sh(argv, env=clean, cwd="/", timeout=60)
        t.ok(b"no module" not in p.stderr and b"another vmctl" not in p.stderr,
             "/usr/bin/vmctl -b %s finds and opens %s/%s" % (name, libdir or "the module directory", mod),
             p.stderr)
    p = sh(["bash", "--norc", "--noprofile", "-c",
            'source /usr/share/bash-completion/completions/vmctl; COMP_WORDS=(vmctl pa); COMP_CWORD=1; '
            '_vmctl; echo "${COMPREPLY[*]}"'], env=clean)
    t.ok(p.stdout == b"pause\n", "the installed bash completion completes `vmctl pa`", p.stdout + p.stderr)


if __name__ == "__main__":
    main()
