"""Explain cases for the lxc and vzctl vocabularies (see cases.py for the
form)."""

UUID = "5f2e6c6a-1b4e-4b1e-9d1c-0c8a8e3b2f11"

CASES = {
    # vzctl snapshot-switch/-delete CTID --id UUID: a UUID is vzctl's own id
    "vzctl-snapshot-revert-uuid": (["-b", "openvz"], ["snapshot", "revert", "--", "NAME", UUID]),
    "vzctl-snapshot-delete-uuid": (["-b", "openvz"], ["snapshot", "delete", "--", "NAME", "{" + UUID + "}"]),
}
