/* topsample.c: the lxc module's top sample (ops->records[VERB_TOP]) as JSON
 * Lines, one record per container, for tests/lxc/watch.py to hold against
 * the cgroup files read at the same time.  A test tool, built only with the
 * tests: it loads the module as the frontend does (backend_load) and prints
 * with the frontend's record printer.
 *
 *   topsample LXCPATH
 *
 * Exit 0, or the module's exit code with its message on stderr. */
#include <stdio.h>

#include "act.h"
#include "backend.h"
#include "output.h"

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: topsample LXCPATH\n");
		return 2;
	}
	struct vm_error err = { 0 };
	struct vm_request req = { .verb = VERB_TOP, .backend = BACKEND_LXC, .lxcpath = argv[1] };
	struct vm_conn *conn = NULL;
	struct vm_records out = { 0 };
	const struct backend_ops *ops = backend_load(BACKEND_LXC, &err);
	if (!ops || ops->open(&req, true, &conn, &err) < 0 || ops->records[VERB_TOP](conn, &req, &out, &err) < 0) {
		fprintf(stderr, "topsample: %s\n", err.msg);
		if (conn)
			ops->close(conn);
		return err.code ? err.code : 1;
	}
	for (size_t i = 0; i < out.n; i++)
		output_record_line(stdout, &out.v[i], true);
	vm_records_clear(&out);
	ops->close(conn);
	return 0;
}
