"""Explain cases of the bulk forms (--all), which vagrant has: without a
machine name a vagrant command acts on every machine of the Vagrantfile."""

CASES = {
    "vagrant-start-all": ([], ["start", "--all"]),
    "vagrant-stop-all-force": ([], ["stop", "--all", "--force"]),
    "vagrant-kill-all-parallel": ([], ["kill", "--all", "--parallel", "4"]),
}
