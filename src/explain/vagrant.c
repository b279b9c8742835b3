/* vagrant.c: the vagrant vocabulary (Vagrant 2.3).  A guest is a machine
 * NAME of the Vagrantfile in the current directory (config.vm.define NAME);
 * without a name a command acts on every machine of that Vagrantfile (its
 * bulk form).  Every line that names a machine says so in a note.
 *
 * Vagrant's commands parse with Ruby's OptionParser#parse! (options anywhere,
 * "--" ends them: hashicorp/vagrant v2.3.4 lib/vagrant/plugin/v2/command.rb,
 * parse_options), so a name that begins with '-' goes after "--".  Two
 * exceptions, both in the same file and in plugins/commands/ssh/command.rb:
 * - with_target_vms reads a name between slashes (/web/) as a regular
 *   expression over the Vagrantfile's machine names (vmctl names have no '/');
 * - vagrant ssh takes the words after "--" as ssh's own arguments (execute:
 *   @argv.index("--")), so a name beginning with '-' is written there as the
 *   regular expression /\A...\z/ that matches that one name.
 *
 * The false friends, checked against hashicorp/vagrant v2.3.4 and
 * vagrant-libvirt/vagrant-libvirt (main, lib/vagrant-libvirt/action/):
 * - vagrant destroy deletes the machine (plugins/commands/destroy/command.rb:
 *   batch.action(vm, :destroy, force_confirm_destroy:, force_halt: true), a
 *   running one powered off first; -f skips the question); never a power-off;
 * - vagrant halt is the clean stop (plugins/commands/halt/command.rb:
 *   vm.action(:halt, force_halt:)): GracefulHalt waits
 *   config.vm.graceful_halt_timeout (60 s, plugins/kernel_v2/config/vm.rb
 *   finalize!) and then powers off (plugins/providers/virtualbox/action.rb
 *   action_halt: ForcedHalt; vagrant-libvirt action/shutdown_domain.rb then
 *   halt_domain.rb: domain.poweroff); -f powers off at once (vmctl kill);
 * - vagrant suspend (plugins/commands/suspend/command.rb: vm.action(:suspend))
 *   saves to disk under VirtualBox (plugins/providers/virtualbox/action/
 *   suspend.rb: driver.suspend, VBoxManage controlvm savestate) but pauses in
 *   memory under vagrant-libvirt (action/suspend_domain.rb: domain.suspend,
 *   libvirt's virDomainSuspend, unless libvirt.suspend_mode = 'managedsave');
 * - vagrant up creates a machine that does not exist and provisions it the
 *   first time (plugins/commands/up/command.rb: batch.action(machine, :up);
 *   --[no-]provision, plugins/commands/up/start_mixins.rb), and resumes a
 *   suspended one;
 * - vagrant reload is halt then up (plugins/providers/virtualbox/action.rb
 *   action_reload: ConfigValidate, action_halt, action_start): it re-reads the
 *   Vagrantfile; it is no reboot inside the guest;
 * - vagrant resume (plugins/commands/resume/command.rb: machine.action(:resume))
 *   undoes vagrant suspend (vagrant-libvirt action/resume_domain.rb). */
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "quote.h"

/* "vagrant SUB [SUB2]" */
static struct strvec *vg(struct explanation *ex, const char *sub, const char *sub2)
{
	struct strvec *c = ex_cmd(ex, "vagrant");
	strvec_push(c, sub);
	if (sub2)
		strvec_push(c, sub2);
	return c;
}

/* The operands (up to two, NULL ones left out), after "--" when one of them
 * begins with '-'. */
static void operands(struct strvec *c, const char *a, const char *b)
{
	if ((a && a[0] == '-') || (b && b[0] == '-'))
		strvec_push(c, "--");
	if (a)
		strvec_push(c, a);
	if (b)
		strvec_push(c, b);
}

/* A machine name as vagrant ssh reads it: itself, or, beginning with '-',
 * the regular expression matching only it (the characters Ruby's
 * Regexp.escape escapes, backslashed).  A new string. */
static char *ssh_name(const char *g)
{
	if (g[0] != '-')
		return xasprintf("%s", g);
	size_t n = strlen(g);
	char *out = xcalloc(2 * n + 8, 1), *p = out;
	p += sprintf(p, "/\\A");
	for (const char *s = g; *s; s++) {
		if (strchr("[]{}()|-*.\\?+^$#/ ", *s))
			*p++ = '\\';
		*p++ = *s;
	}
	sprintf(p, "\\z/");
	return out;
}

/* "vagrant CMD [options] [--] NAME": one machine, or every machine of the
 * Vagrantfile (the bulk form) for --all. */
static struct strvec *one_or_all(struct explanation *ex, const struct vm_request *req, const char *sub,
				 const char *opt)
{
	struct strvec *c = vg(ex, sub, NULL);
	if (opt)
		strvec_push(c, opt);
	if (!req->all)
		operands(c, req->guest, NULL);
	return c;
}

/* What --all means to vagrant: every machine of this Vagrantfile. */
static void bulk(struct explanation *ex, const struct vm_request *req)
{
	if (!req->all)
		return;
	ex_approx(ex, "without a machine name vagrant acts on every machine of the Vagrantfile in the current "
		  "directory, not on every guest of the host");
	if (req->parallel > 1)
		ex_note(ex, "vagrant acts on the machines one after another (vagrant up and destroy have --parallel, "
			"where the provider allows it)");
}

static void ssh_line(struct explanation *ex, const struct vm_request *req, const char *command)
{
	struct strvec *c = vg(ex, "ssh", NULL);
	char *name = ssh_name(req->guest);
	strvec_push(c, name);
	if (command) {
		strvec_push(c, "-c");
		strvec_push(c, command);
	}
	if (req->guest[0] == '-')
		ex_note(ex, "vagrant ssh reads the words after -- as ssh's own arguments: the machine %s is written as "
			"the regular expression %s, which matches that name only", req->guest, name);
	free(name);
}

static void explain_exec(const struct vm_request *req, struct explanation *ex)
{
	size_t n = 0;
	while (vm_value_nth(req, "command", n))
		n++;
	char **w = xcalloc(n + 1, sizeof(*w));
	for (size_t i = 0; i < n; i++)
		w[i] = (char *)vm_value_nth(req, "command", i);
	/* sh -c LINE: LINE is already a command line for the guest's shell */
	bool sh_c = n == 3 && strcmp(w[0], "sh") == 0 && strcmp(w[1], "-c") == 0;
	char *line = sh_c ? xasprintf("%s", w[2]) : sh_join(w);
	ssh_line(ex, req, line);
	ex_approx(ex, "vagrant ssh -c runs the command line through the guest's shell over SSH, as the vagrant user "
		  "(vmctl exec runs COMMAND itself, with no shell)");
	if (sh_c)
		ex_note(ex, "the vagrant user's shell (usually bash) runs the line where vmctl exec runs sh -c");
	else if (n > 1 || strcmp(line, w[0]) != 0)
		ex_note(ex, "the words are given as one shell-quoted argument");
	ex_note(ex, "vagrant ssh -c exits with the command's status");
	free(line);
	free(w);
}

static void explain_snapshot(const struct vm_request *req, struct explanation *ex)
{
	struct strvec *c;
	switch (req->snapshot_op) {
	case SNAPSHOT_CREATE:
		if (!req->snapshot) {
			operands(vg(ex, "snapshot", "push"), req->guest, NULL);
			ex_note(ex, "vagrant snapshot push names the snapshot itself; vagrant snapshot pop restores and "
				"deletes the last one pushed");
			return;
		}
		operands(vg(ex, "snapshot", "save"), req->guest, req->snapshot);
		ex_note(ex, "vagrant snapshot save refuses a name the machine already has (-f replaces it)");
		return;
	case SNAPSHOT_LIST:
		operands(vg(ex, "snapshot", "list"), req->guest, NULL);
		return;
	case SNAPSHOT_REVERT:
		c = vg(ex, "snapshot", "restore");
		operands(c, req->guest, req->snapshot);
		ex_approx(ex, "vagrant snapshot restore starts the machine afterwards, whatever state the snapshot was "
			  "taken in (--no-start leaves it as restored)");
		return;
	case SNAPSHOT_DELETE:
		operands(vg(ex, "snapshot", "delete"), req->guest, req->snapshot);
		return;
	}
}

static void explain_stop(const struct vm_request *req, struct explanation *ex)
{
	if (req->force && req->timeout == 0) {
		one_or_all(ex, req, "halt", "-f");
		ex_note(ex, "--force with --timeout 0 powers off at once: vagrant halt -f");
		bulk(ex, req);
		return;
	}
	one_or_all(ex, req, "halt", NULL);
	if (!req->force)
		ex_approx(ex, "vagrant halt powers the machine off when it has not shut down after "
			  "config.vm.graceful_halt_timeout (60 s): vmctl stop --force");
	if (req->timeout != VM_STOP_TIMEOUT_DEFAULT)
		ex_approx(ex, "vagrant halt waits config.vm.graceful_halt_timeout (60 s unless the Vagrantfile sets it), "
			  "not %u s", req->timeout);
	ex_note(ex, "false friend: vagrant destroy deletes the machine; vagrant halt is the clean stop (-f powers off)");
	bulk(ex, req);
}

static void explain_define_verbs(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_CREATE:
		ex_none(ex, "a vagrant machine is a config.vm.define block of the Vagrantfile, made by vagrant up (which also "
			"starts and provisions it); closest: vagrant init BOX writes a Vagrantfile, then vagrant up");
		return;
	case VERB_DELETE:
		c = vg(ex, "destroy", NULL);
		strvec_push(c, "-f");
		operands(c, g, NULL);
		if (!vm_value_flag(req, "force"))
			ex_approx(ex, "vagrant destroy powers a running machine off first (vmctl delete without --force "
				  "refuses it: exit 1); without -f it asks before destroying");
		if (!vm_value_flag(req, "storage"))
			ex_approx(ex, "vagrant destroy also deletes the machine's disks (the box stays): vmctl delete "
				  "--storage");
		ex_note(ex, "false friend: vagrant destroy deletes the machine; vagrant halt powers it off");
		return;
	case VERB_CONFIG:
		ex_none(ex, "a machine's definition is its block of the Vagrantfile in the current directory; closest: "
			"vagrant ssh-config %s shows its SSH settings", g);
		return;
	case VERB_AUTOSTART:
		ex_none(ex, "vagrant starts nothing when the host boots; closest: a boot-time service running vagrant up "
			"%s in the Vagrantfile's directory (vagrant-libvirt: libvirt.autostart = true)", g);
		return;
	case VERB_RENAME:
		ex_none(ex, "vagrant has no rename: a machine's name is its config.vm.define in the Vagrantfile, and a "
			"machine renamed there is a new one; closest: vagrant destroy %s, rename it, vagrant up", g);
		return;
	default:
		return;
	}
}

static void explain_device_verbs(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	switch (req->verb) {
	case VERB_DISK_LIST:
		ex_none(ex, "vagrant has no disk list; closest: the machine's config.vm.disk lines in the Vagrantfile, or "
			"vagrant ssh %s -c lsblk", g);
		return;
	case VERB_DISK_ATTACH:
		ex_none(ex, "vagrant attaches disks from the Vagrantfile only; closest: config.vm.disk :disk (VAGRANT_"
			"EXPERIMENTAL=disks; vagrant-libvirt: libvirt.storage :file) in %s's block, then vagrant reload %s", g,
			g);
		return;
	case VERB_DISK_DETACH:
		ex_none(ex, "vagrant detaches disks from the Vagrantfile only; closest: remove the disk from %s's block, "
			"then vagrant reload %s", g, g);
		return;
	case VERB_NIC_LIST:
		ex_none(ex, "vagrant has no NIC list; closest: the config.vm.network lines of %s's block in the "
			"Vagrantfile, or vagrant ssh %s -c 'ip addr'", g, g);
		return;
	case VERB_NIC_ATTACH:
		ex_none(ex, "vagrant adds NICs from the Vagrantfile only; closest: config.vm.network \"private_network\" "
			"(or \"public_network\") in %s's block, then vagrant reload %s", g, g);
		return;
	case VERB_NIC_DETACH:
		ex_none(ex, "vagrant removes NICs from the Vagrantfile only; closest: remove the config.vm.network line "
			"from %s's block, then vagrant reload %s", g, g);
		return;
	case VERB_VCPU_LIST:
		ex_none(ex, "vagrant has no vCPU list; closest: the cpus setting of the provider block of the Vagrantfile, "
			"or vagrant ssh %s -c nproc", g);
		return;
	case VERB_VCPU_PIN:
		ex_none(ex, "vagrant has no vCPU pinning; closest: vagrant-libvirt's libvirt.cpuset (every vCPU) in the "
			"provider block of the Vagrantfile, then vagrant reload %s", g);
		return;
	case VERB_DISPLAY:
		ex_none(ex, "vagrant shows no graphical console; closest: vagrant rdp %s (Windows guests), or the "
			"provider's own viewer (virsh domdisplay under vagrant-libvirt)", g);
		return;
	default:
		return;
	}
}

static void explain_watch_verbs(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	switch (req->verb) {
	case VERB_WAIT:
		ex_none(ex, "vagrant cannot wait for a state; closest: vagrant status %s --machine-readable in a loop", g);
		return;
	case VERB_EVENTS:
		ex_none(ex, "vagrant reports no lifecycle events; closest: vagrant global-status, or the provider's "
			"own (virsh event under vagrant-libvirt)");
		return;
	case VERB_TOP:
		ex_none(ex, "vagrant shows no resource use; closest: the provider's own (virt-top under "
			"vagrant-libvirt, VBoxManage metrics under VirtualBox)");
		return;
	case VERB_EXEC:
		explain_exec(req, ex);
		return;
	default:
		return;
	}
}

void explain_vagrant(const struct vm_request *req, struct explanation *ex)
{
	const char *g = req->guest;
	struct strvec *c;
	switch (req->verb) {
	case VERB_LIST:
		vg(ex, "global-status", NULL);
		ex_approx(ex, "vagrant global-status lists the machines vagrant has made on this host, from a cache that "
			  "may be stale (--prune cleans it), not every guest of the host");
		if (req->names)
			ex_approx(ex, "vagrant global-status prints a table (id, name, provider, state, directory): no "
				  "names-only form");
		ex_note(ex, "vagrant status lists the machines of the Vagrantfile in the current directory");
		break;
	case VERB_INFO:
		operands(vg(ex, "status", NULL), g, NULL);
		ex_approx(ex, "vagrant status shows the machine's state and provider only: no vCPUs, memory or UUID");
		break;
	case VERB_START:
		if (req->from) {
			ex_none(ex, "vagrant starts the machines of a Vagrantfile, not a guest from %s; closest: vagrant up in "
				"a directory whose Vagrantfile defines it", req->from);
			break;
		}
		if (req->paused) {
			ex_none(ex, "vagrant cannot start a machine paused; closest: vagrant up %s, then vagrant suspend %s "
				"(vagrant-libvirt: a pause in memory)", g, g);
			break;
		}
		one_or_all(ex, req, "up", NULL);
		ex_approx(ex, "false friend: vagrant up also creates the machine when it does not exist, and provisions "
			  "it the first time (vmctl start fails with exit 3); it resumes a suspended one");
		if (req->console) {
			c = vg(ex, "ssh", NULL);
			char *name = ssh_name(g);
			strvec_push(c, name);
			free(name);
			ex_approx(ex, "vagrant ssh is an SSH session, not the machine's console");
		}
		bulk(ex, req);
		break;
	case VERB_STOP:
		explain_stop(req, ex);
		break;
	case VERB_KILL:
		one_or_all(ex, req, "halt", "-f");
		ex_note(ex, "false friend: vagrant destroy deletes the machine; vagrant halt -f powers it off");
		bulk(ex, req);
		break;
	case VERB_REBOOT:
		operands(vg(ex, "reload", NULL), g, NULL);
		ex_approx(ex, "false friend: vagrant reload is vagrant halt then vagrant up: it re-reads the Vagrantfile "
			  "and applies its changes; it is no reboot inside the guest");
		break;
	case VERB_PAUSE:
		one_or_all(ex, req, "suspend", NULL);
		ex_approx(ex, "false friend: vagrant suspend pauses in memory under vagrant-libvirt (libvirt's suspend) "
			  "but saves the machine to disk under VirtualBox (vmctl save)");
		bulk(ex, req);
		break;
	case VERB_RESUME:
		one_or_all(ex, req, "resume", NULL);
		ex_approx(ex, "vagrant resume undoes vagrant suspend: a pause in memory under vagrant-libvirt, a state "
			  "saved to disk under VirtualBox");
		bulk(ex, req);
		break;
	case VERB_VCPU_SET:
		ex_none(ex, "vagrant sets vCPUs in the Vagrantfile only; closest: cpus = %u in %s's provider block "
			"(libvirt.cpus, vb.cpus), then vagrant reload %s", req->count, g, g);
		break;
	case VERB_MEM_SET: {
		uint64_t mib = (req->size_kib + 1023) / 1024;
		ex_none(ex, "vagrant sets memory in the Vagrantfile only; closest: memory = %llu (MiB) in %s's provider "
			"block (libvirt.memory, vb.memory), then vagrant reload %s", (unsigned long long)mib, g, g);
		break;
	}
	case VERB_CD_CHANGE:
		ex_none(ex, "vagrant changes no CD medium; closest: vagrant-libvirt's libvirt.storage :file, device: "
			":cdrom, path: ISO in %s's provider block, then vagrant reload %s", g, g);
		break;
	case VERB_CONSOLE:
		ssh_line(ex, req, NULL);
		ex_approx(ex, "vagrant ssh is an SSH session as the vagrant user, not the machine's console");
		break;
	case VERB_SAVE:
		ex_none(ex, "vagrant saves to no file of yours; closest: vagrant suspend %s (VirtualBox saves the machine's "
			"state to disk in its own place; vagrant-libvirt pauses it in memory)", g);
		break;
	case VERB_RESTORE:
		ex_none(ex, "vagrant restores from no file of yours; closest: vagrant resume %s (or vagrant up) after "
			"vagrant suspend", g ? g : "NAME");
		break;
	case VERB_SNAPSHOT:
		explain_snapshot(req, ex);
		break;
	case VERB_MIGRATE:
		ex_none(ex, "vagrant has no migration; closest: vagrant package --base, vagrant box add on the other host, "
			"then vagrant up there");
		break;
	CASE_WATCH:
		explain_watch_verbs(req, ex);
		break;
	CASE_DEVICES:
		explain_device_verbs(req, ex);
		break;
	CASE_DEFINE:
		explain_define_verbs(req, ex);
		break;
	CASE_RESOURCES:
		explain_no_resources(req, ex, "vagrant has no storage pools or disk images: it builds machines from boxes "
					      "(vagrant box list, add, remove)",
				     "vagrant has no virtual networks of its own: config.vm.network in the Vagrantfile "
				     "(vagrant-libvirt makes the libvirt networks it names)");
		break;
	case VERB_HOST:
		ex_none(ex, "vagrant does not check the host; closest: vagrant --version and vagrant plugin list (the "
			"providers installed)");
		break;
	case VERB_TRANSLATE:
	case VERB_HELP:
	case VERB__COUNT:
		ex_none(ex, "not a guest operation");
		break;
	}
	if (ex->n == 0)
		return;
	if (req->uri && ex->equiv == EQUIV_EXACT)
		ex_approx(ex, "vagrant-libvirt connects where the Vagrantfile's libvirt.uri says, not to the -c URI");
	if (req->lxcpath && ex->equiv == EQUIV_EXACT)
		ex_approx(ex, "vagrant has no LXC path: -P %s is not used", req->lxcpath);
	if (g && !req->all)
		ex_note(ex, "vagrant acts on the machine %s of the Vagrantfile in the current directory", g);
	else if (req->verb != VERB_LIST)
		ex_note(ex, "vagrant acts on the machines of the Vagrantfile in the current directory");
}
