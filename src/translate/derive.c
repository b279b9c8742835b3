/* derive.c: translate's fallback for a command no reader has a row for:
 * the inverse of explain itself.  For each verb whose operands are all
 * words (a guest, a name, a path, a device, an argv after `--`), explain is asked for the
 * verb with marker operands; a native command that has the same shape is
 * read with the words in the markers' places, and is taken only when
 * explaining that request gives the native command back word for word.
 * So a new verb's own explain line is read back with no reader row, and
 * nothing is read that vmctl would not have written itself. */
#include "translate_internal.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "validate.h"
#include "verbs.h"

#define MARK "VMCTLOPERAND" /* MARK0, MARK1 ...: no native tool writes it, no explain rewrites it */
#define MAXOPS 8

struct shape {
	const struct verb_def *row, *parent;
	const struct operand_def *ops[MAXOPS]; /* its operands, in order */
	size_t n;                              /* how many of them this shape gives */
	char **rest;                           /* an argv-rest operand's words (exec), once read */
	int nrest;
};

/* Whether row's operands are all words explain writes as they are; s->n
 * is then their number (the required ones first, as rows have them). */
static bool wordy(const struct verb_def *row, struct shape *s)
{
	s->n = 0;
	for (const struct operand_def *o = row->operands; o && o->name; o++) {
		if (s->n == MAXOPS || (o->kind != OPD_GUEST && o->kind != OPD_NAME && o->kind != OPD_PATH &&
				       o->kind != OPD_DEVICE && o->kind != OPD_WORD && o->kind != OPD_ARGV))
			return false;
		s->ops[s->n++] = o;
	}
	return true;
}

/* The backend a vocabulary's commands act on, as its reader says (-b). */
static enum vm_backend_id backend_of(enum vocab v)
{
	return v == VOCAB_XL ? BACKEND_XEN : v == VOCAB_LXC ? BACKEND_LXC : v == VOCAB_VZCTL ? BACKEND_OPENVZ : BACKEND_NONE;
}

/* req for the shape in vocabulary v with the operand values vals (NULL: the markers). */
static void fill(const struct shape *s, enum vocab v, char *const *vals, struct vm_request *req, struct strvec *keep)
{
	memset(req, 0, sizeof(*req));
	req->backend = backend_of(v);
	req->verb = s->row->id;
	req->snapshot_op = s->parent ? s->row->sub_op : 0;
	req->timeout = VM_STOP_TIMEOUT_DEFAULT;
	for (const struct opt_def *const *o = s->row->opts; o && *o; o++)
		if ((*o)->dest == offsetof(struct vm_request, timeout))
			req->timeout = (*o)->init; /* the verb's own default (disk-detach: 30), as request_parse sets it */
	for (size_t i = 0; i < s->n; i++) {
		const char *val = vals ? vals[i] : NULL;
		if (!val) {
			char *m = xasprintf(MARK "%zu", i);
			strvec_push(keep, m);
			free(m);
			val = keep->v[keep->n - 1];
		}
		if (s->ops[i]->kind == OPD_ARGV && vals) {
			for (int k = 0; k < s->nrest; k++)
				vm_values_add(&req->values, s->ops[i]->json, s->rest[k], 0);
			continue;
		}
		if (s->ops[i]->dest)
			*(const char **)((char *)req + s->ops[i]->dest) = val;
		else
			vm_values_add(&req->values, s->ops[i]->json, val, 0);
	}
}

/* The one exact command of req in vocabulary v, or NULL. */
static bool explained(enum vocab v, const struct vm_request *req, struct explanation *ex)
{
	memset(ex, 0, sizeof(*ex));
	explain_one(v, req, ex);
	return ex->equiv == EQUIV_EXACT && ex->n == 1;
}

static bool is_marker(const char *w)
{
	if (strncmp(w, MARK, strlen(MARK)) != 0 || !w[strlen(MARK)])
		return false;
	return strspn(w + strlen(MARK), "0123456789") == strlen(w + strlen(MARK));
}

/* Reads word against a template word that holds markers: the literal parts
 * must match; a marker takes what lies up to the next literal part (its
 * first occurrence, or at the end of the word the word's own end). */
static bool match_word(const char *tpl, const char *word, char **vals, size_t n)
{
	while (*tpl) {
		const char *m = strstr(tpl, MARK);
		size_t lit = m ? (size_t)(m - tpl) : strlen(tpl);
		if (strncmp(tpl, word, lit) != 0)
			return false;
		tpl += lit;
		word += lit;
		if (!m)
			return *word == '\0';
		char *end;
		unsigned long i = strtoul(tpl + strlen(MARK), &end, 10);
		tpl = end;
		const char *m2 = strstr(tpl, MARK);
		size_t lit2 = m2 ? (size_t)(m2 - tpl) : strlen(tpl);
		const char *stop = NULL, *wend = word + strlen(word);
		if (lit2 == 0 && !m2) {
			stop = wend;
		} else if (lit2 && m2) {
			char *l = strndup(tpl, lit2);
			stop = strstr(word, l);
			free(l);
		} else if (lit2 && (size_t)(wend - word) >= lit2 && strcmp(wend - lit2, tpl) == 0) {
			stop = wend - lit2;
		}
		if (i >= n || !stop || stop == word || vals[i])
			return false; /* two markers side by side, or one operand twice: not read */
		vals[i] = strndup(word, (size_t)(stop - word));
		word = stop;
	}
	return *word == '\0';
}

/* The operand values of argv under template tpl: a marker word also
 * reads `--opt=VALUE`, and a `--` before it is passed over, as the
 * vocabularies write operands that begin with '-'. */
static bool match(struct shape *s, const struct strvec *tpl, int argc, char **argv, char **vals, size_t n)
{
	int a = 0;
	for (size_t w = 0; w < tpl->n; w++, a++) {
		if (a >= argc)
			return false;
		unsigned long i = is_marker(tpl->v[w]) ? strtoul(tpl->v[w] + strlen(MARK), NULL, 10) : n;
		if (i < n && s->ops[i]->kind == OPD_ARGV) { /* the rest of the words, the last in the template */
			if (w + 1 != tpl->n || vals[i])
				return false;
			s->rest = argv + a;
			s->nrest = argc - a;
			vals[i] = strdup("");
			return true;
		}
		const char *word = w == 0 ? tr_base_name(argv[a]) : argv[a];
		if (is_marker(tpl->v[w]) && strcmp(word, "--") == 0 && a + 1 < argc)
			word = argv[++a];
		else if (is_marker(tpl->v[w]) && strncmp(word, "--", 2) == 0 && strchr(word, '='))
			word = strchr(word, '=') + 1;
		if (!match_word(tpl->v[w], word, vals, n))
			return false;
	}
	return a == argc;
}

static bool same(const struct strvec *cmd, int argc, char **argv)
{
	if (cmd->n != (size_t)argc || strcmp(cmd->v[0], tr_base_name(argv[0])) != 0)
		return false;
	for (int i = 1; i < argc; i++)
		if (strcmp(cmd->v[i], argv[i]) != 0)
			return false;
	return true;
}

static bool valid(const struct operand_def *o, const char *v)
{
	struct vm_error e = { 0 };
	switch (o->kind) {
	case OPD_GUEST:
	case OPD_NAME:
		return validate_name(v, o->what, &e) == 0;
	case OPD_PATH:
		return validate_path(v, o->what, &e) == 0;
	case OPD_DEVICE:
		return validate_device(v, &e) == 0;
	case OPD_ARGV:
		return true;
	case OPD_WORD:
		return *v != '\0' && (!o->valid || o->valid(v, &e) == 0);
	default:
		return *v != '\0';
	}
}

/* Tries one shape; 0 when argv is what explain writes for it. */
static int try_shape(struct shape *s, enum vocab v, int argc, char **argv, struct translation *t)
{
	struct strvec keep = { 0 };
	struct vm_request req;
	struct explanation ex;
	char *vals[MAXOPS] = { 0 };
	int rc = -1;
	struct vm_error err = { 0 };
	fill(s, v, NULL, &req, &keep);
	if (s->row->check && s->row->check(s->parent ? s->parent : s->row, (int)s->n, &req, &err) < 0) {
		free(req.values.v);
		strvec_clear(&keep);
		return -1; /* the row wants more than its required operands (cd-change's ISO) */
	}
	bool shaped = explained(v, &req, &ex) && match(s, &ex.argv[0], argc, argv, vals, s->n);
	explanation_clear(&ex);
	free(req.values.v);
	for (size_t i = 0; shaped && i < s->n; i++)
		shaped = vals[i] && valid(s->ops[i], vals[i]);
	if (shaped) {
		for (size_t i = 0; i < s->n; i++) {
			char *kept = vals[i];
			vals[i] = (char *)tr_keep(t, kept);
		}
		fill(s, v, vals, &req, &t->keep);
		if (explained(v, &req, &ex) && same(&ex.argv[0], argc, argv)) {
			free(t->req.values.v);
			t->req = req;
			rc = 0;
		} else {
			free(req.values.v);
		}
		explanation_clear(&ex);
		memset(vals, 0, sizeof(vals));
	}
	for (size_t i = 0; i < s->n; i++)
		free(vals[i]);
	strvec_clear(&keep);
	return rc;
}

/* Each number of operands the row allows, the fewest first. */
static int try_row(const struct verb_def *row, const struct verb_def *parent, enum vocab v, int argc, char **argv,
		   struct translation *t)
{
	struct shape s = { .row = row, .parent = parent };
	if (!wordy(row, &s))
		return -1;
	size_t all = s.n;
	for (s.n = 0; s.n <= all; s.n++) {
		bool allowed = s.n == all || s.ops[s.n]->optional;
		if (allowed && try_shape(&s, v, argc, argv, t) == 0)
			return 0;
	}
	return -1;
}

int translate_derived(int argc, char **argv, enum vocab v, struct translation *t)
{
	for (size_t i = 0; i < verb_table_len; i++) {
		const struct verb_def *verb = &verb_table[i];
		if (!verb->explains || verb->goes == GOES_NOWHERE)
			continue;
		for (size_t k = 0; verb->subs && verb->subs[k].name; k++)
			if (try_row(&verb->subs[k], verb, v, argc, argv, t) == 0)
				return 0;
		if (!verb->subs && try_row(verb, NULL, v, argc, argv, t) == 0)
			return 0;
	}
	return -1;
}
