"""Translate cases of XAPI's xe (XenServer 8, XCP-ng 8), shown in the xe
vocabulary (see cases.py for the form).  Lines from the XenServer and
XCP-ng manuals and guides are marked "doc"; the others try the reader's
forms: KEY=VALUE, --flag and flag=true, the client's own switches, VM
selectors and the bulk form."""

U = "0d3e1a7c-52b9-4e1e-9a53-aa6f3bd5a6c1"


def xe(*words):
    return (["--explain=xe", "translate", "xe"] + list(words), None)


CASES = {
    "xe-vm-list": xe("vm-list"),
    "xe-vm-list-nodom0": xe("vm-list", "is-control-domain=false"),
    "xe-vm-list-names": xe("vm-list", "is-control-domain=false", "params=name-label", "--minimal"),
    "xe-vm-list-params": xe("vm-list", "params=uuid,name-label,power-state"),  # doc
    "xe-vm-list-info": xe("vm-list", "name-label=web1", "params=all"),
    "xe-vm-list-minimal": xe("vm-list", "name-label=web1", "params=uuid", "--minimal"),  # doc
    "xe-vm-param-list": xe("vm-param-list", "uuid=" + U),  # doc
    "xe-vm-param-get": xe("vm-param-get", "uuid=" + U, "param-name=power-state"),
    "xe-vm-start": xe("vm-start", "vm=web1"),  # doc
    "xe-vm-start-uuid": xe("vm-start", "uuid=" + U),
    "xe-vm-start-paused": xe("vm-start", "vm=web1", "paused=true", "on=host2"),
    "xe-vm-start-autopoweron": xe("vm-start", "other-config:auto_poweron=true", "power-state=halted", "--multiple"),  # doc
    "xe-vm-start-dash": xe("vm-start", "vm=-x"),
    "xe-vm-shutdown": xe("vm-shutdown", "vm=web1"),  # doc
    "xe-vm-shutdown-force": xe("vm-shutdown", "vm=web1", "--force"),
    "xe-vm-shutdown-force-true": xe("vm-shutdown", "vm=web1", "force=true"),  # doc
    "xe-vm-shutdown-all": xe("vm-shutdown", "power-state=running", "--multiple"),
    "xe-vm-shutdown-multiple-name": xe("vm-shutdown", "vm=web1", "--multiple"),
    "xe-vm-reboot": xe("vm-reboot", "vm=web1"),
    "xe-vm-reboot-force": xe("vm-reboot", "vm=web1", "force=true"),
    "xe-vm-pause": xe("vm-pause", "vm=web1"),
    "xe-vm-unpause": xe("vm-unpause", "vm=web1"),
    "xe-vm-suspend": xe("vm-suspend", "vm=web1"),  # doc
    "xe-vm-resume": xe("vm-resume", "vm=web1", "on=host2"),
    "xe-vm-vcpu-hotplug": xe("vm-vcpu-hotplug", "new-vcpus=4", "uuid=" + U),  # doc
    "xe-vm-memory-target-set": xe("vm-memory-target-set", "target=2GiB", "vm=web1"),  # doc
    "xe-vm-memory-set": xe("vm-memory-set", "memory=4096MiB", "vm=web1"),
    "xe-vm-memory-set-bytes": xe("vm-memory-set", "memory=1073741824", "vm=web1"),
    "xe-vm-cd-insert": xe("vm-cd-insert", "vm=web1", "cd-name=debian-12.iso"),  # doc
    "xe-vm-cd-eject": xe("vm-cd-eject", "vm=web1"),  # doc
    "xe-console": xe("console", "vm=web1"),
    "xe-vm-snapshot": xe("vm-snapshot", "vm=web1", "new-name-label=before-upgrade"),  # doc
    "xe-vm-snapshot-desc": xe("vm-snapshot", "vm=web1", "new-name-label=s1", "new-name-description=pre patch"),
    "xe-vm-checkpoint": xe("vm-checkpoint", "vm=web1", "new-name-label=c1"),
    "xe-snapshot-list": xe("snapshot-list", "snapshot-of=" + U),
    "xe-vm-migrate": xe("vm-migrate", "vm=web1", "host=host2", "--live"),  # doc
    "xe-vm-migrate-remote": xe("vm-migrate", "vm=web1", "remote-master=10.0.0.2", "remote-username=root",
                               "remote-password=s3cret", "host=host9", "--live"),
    "xe-vm-uninstall": xe("vm-uninstall", "vm=web1", "force=true"),  # doc
    "xe-vm-destroy": xe("vm-destroy", "uuid=" + U),
    "xe-vm-param-set-name": xe("vm-param-set", "uuid=" + U, "name-label=web2"),
    "xe-vm-param-set-vcpus": xe("vm-param-set", "uuid=" + U, "VCPUs-at-startup=2"),  # doc
    "xe-vm-param-set-autostart": xe("vm-param-set", "uuid=" + U, "other-config:auto_poweron=true"),  # doc
    "xe-vm-disk-list": xe("vm-disk-list", "vm=web1"),  # doc
    "xe-vm-cd-list": xe("vm-cd-list", "vm=web1"),
    "xe-vm-vif-list": xe("vm-vif-list", "vm=web1"),
    "xe-event-wait": xe("event-wait", "class=vm", "name-label=myvm", "power-state=running"),  # doc
    "xe-sr-list": xe("sr-list"),
    "xe-vdi-list": xe("vdi-list", "sr-name-label=Local storage"),
    "xe-network-list": xe("network-list"),
    "xe-network-info": xe("network-list", "name-label=Pool-wide network", "params=all"),
    "xe-network-create": xe("network-create", "name-label=internal", "MTU=9000"),  # doc
    "xe-host-list": xe("host-list"),
    "xe-remote": xe("-s", "xcp1.example.org", "-u", "root", "-pw", "s3cret", "vm-list"),  # doc
    "xe-keywords": xe("server=xcp1", "username=root", "password=s3cret", "vm-pause", "vm=web1"),
    "xe-extra-key": xe("vm-pause", "vm=web1", "tags:contains=prod"),
    "xe-name-space": xe("vm-start", "vm=my web's vm"),
}
