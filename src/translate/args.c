/* args.c: what every translate parser shares: notes, an option scanner for
 * the conventions of the native tools, did-you-mean, sizes, and the one
 * answer to a native command that no parser row reads. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "quote.h"
#include "request.h"
#include "translate_internal.h"
#include "validate.h"
#include "verbs.h"

static void push_note(struct translation *t, bool reason, const char *fmt, va_list ap)
	__attribute__((format(printf, 3, 0)));
static void push_note(struct translation *t, bool reason, const char *fmt, va_list ap)
{
	char *s = xvasprintf(fmt, ap);
	strvec_push(&t->notes, s);
	free(s);
	if (!reason)
		return;
	/* reasons come first, in the order given */
	char *last = t->notes.v[t->notes.n - 1];
	size_t at = t->reasons++;
	memmove(t->notes.v + at + 1, t->notes.v + at, (t->notes.n - 1 - at) * sizeof(char *));
	t->notes.v[at] = last;
	t->equiv = EQUIV_APPROX;
}

void tr_approx(struct translation *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push_note(t, true, fmt, ap);
	va_end(ap);
}

void tr_note(struct translation *t, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	push_note(t, false, fmt, ap);
	va_end(ap);
}

const char *tr_keep(struct translation *t, char *s)
{
	strvec_push(&t->keep, s);
	free(s);
	return t->keep.v[t->keep.n - 1];
}

/* ---- the vmctl words of an answer ---- */

void tr_word(struct tr_words *w, const char *s)
{
	if (w->n < (int)ARRAY_SIZE(w->v) - 1)
		w->v[w->n++] = (char *)s;
	else
		w->overflow = true;
}

int tr_answer(struct tr_words *w, const char *verb, struct vm_error *err)
{
	char *argv[ARRAY_SIZE(w->v) + 1];
	if (w->overflow)
		return vm_error_set(err, VM_EXIT_USAGE, "too many words for one vmctl %s command", verb);
	argv[0] = (char *)verb;
	memcpy(argv + 1, w->v, (size_t)w->n * sizeof(char *));
	argv[w->n + 1] = NULL;
	return request_parse(verb_find(verb), w->n + 1, argv, &w->t->req, err) == 0 ? 0 : -1;
}

/* ---- the option scanner ---- */

enum { E_UNKNOWN, E_NEEDS, E_TAKES_NONE };

static int opt_error(struct vm_error *err, int kind, const char *word, const char *who)
{
	char *q = msg_quote(word);
	if (kind == E_UNKNOWN)
		vm_error_set(err, VM_EXIT_USAGE, "unknown option %s for '%s'", q, who);
	else if (kind == E_NEEDS)
		vm_error_set(err, VM_EXIT_USAGE, "option %s of '%s' needs a value", q, who);
	else
		vm_error_set(err, VM_EXIT_USAGE, "option %s of '%s' takes no value", q, who);
	free(q);
	return -1;
}

static const struct nopt *find_long(const struct nopt *spec, const char *name, size_t len, bool prefixes)
{
	const struct nopt *found = NULL;
	size_t matches = 0;
	for (const struct nopt *o = spec; o->id; o++) {
		if (!o->l || strncmp(o->l, name, len) != 0)
			continue;
		if (o->l[len] == '\0')
			return o;
		if (prefixes && (!found || found->id != o->id)) {
			found = o;
			matches++;
		}
	}
	return matches == 1 ? found : NULL;
}

static void add_opt(struct nscan *out, const struct nopt *o, const char *value, const char *word)
{
	if (out->nopts == out->opts_cap) { /* "-qqq" is three options in one word */
		out->opts_cap = out->opts_cap * 2 + 8;
		out->opts = xrealloc(out->opts, out->opts_cap * sizeof(*out->opts));
	}
	out->opts[out->nopts++] = (struct nfound){ o->id, value, word };
}

static int scan_long(const char *who, enum nscan_style style, const struct nopt *spec, int argc, char **argv,
		     int *i, struct nscan *out, struct vm_error *err)
{
	const char *w = argv[*i];
	const char *name = w + 2;
	const char *eq = strchr(name, '=');
	size_t len = eq ? (size_t)(eq - name) : strlen(name);
	const struct nopt *o = find_long(spec, name, len, style != NSCAN_LONG);
	if (!o) {
		char *word = xasprintf("--%.*s", (int)len, name);
		opt_error(err, E_UNKNOWN, word, who);
		free(word);
		return -1;
	}
	if (eq && !o->value)
		return opt_error(err, E_TAKES_NONE, w, who);
	const char *value = eq ? eq + 1 : NULL;
	if (o->value && !eq) {
		if (*i + 1 >= argc)
			return opt_error(err, E_NEEDS, w, who);
		value = argv[++*i];
	}
	add_opt(out, o, value, w);
	return 0;
}

static int scan_short(const char *who, const struct nopt *spec, int argc, char **argv, int *i,
		      struct nscan *out, struct vm_error *err)
{
	const char *w = argv[*i];
	for (size_t j = 1; w[j]; j++) {
		const struct nopt *o = spec;
		while (o->id && o->s != w[j])
			o++;
		char shortopt[3] = { '-', w[j], '\0' };
		if (!o->id)
			return opt_error(err, E_UNKNOWN, shortopt, who);
		if (!o->value) {
			add_opt(out, o, NULL, w);
			continue;
		}
		if (w[j + 1]) {
			add_opt(out, o, w + j + 1, w);
			return 0;
		}
		if (*i + 1 >= argc)
			return opt_error(err, E_NEEDS, shortopt, who);
		add_opt(out, o, argv[++*i], w);
		return 0;
	}
	return 0;
}

void (*nscan_observer)(const char *who, enum nscan_style style, const struct nopt *spec, int argc, char **argv);

int nscan(const char *who, enum nscan_style style, const struct nopt *spec, int argc, char **argv,
	  struct nscan *out, struct vm_error *err)
{
	if (nscan_observer)
		nscan_observer(who, style, spec, argc, argv);
	memset(out, 0, sizeof(*out));
	out->ops = xcalloc((size_t)argc + 1, sizeof(*out->ops));
	out->first_op = argc;
	for (int i = 0; i < argc; i++) {
		const char *w = argv[i];
		if (!out->dashdash && strcmp(w, "--") == 0) {
			out->dashdash = true;
			continue;
		}
		if (out->dashdash || w[0] != '-' || w[1] == '\0') {
			if (out->nops == 0)
				out->first_op = i;
			if (style == NSCAN_POSIX) {
				while (i < argc)
					out->ops[out->nops++] = argv[i++];
				break;
			}
			out->ops[out->nops++] = argv[i];
			continue;
		}
		int rc;
		if (w[1] == '-')
			rc = scan_long(who, style, spec, argc, argv, &i, out, err);
		else if (style == NSCAN_LONG)
			rc = opt_error(err, E_UNKNOWN, w, who);
		else
			rc = scan_short(who, spec, argc, argv, &i, out, err);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void nscan_clear(struct nscan *s)
{
	free(s->opts);
	free(s->ops);
	memset(s, 0, sizeof(*s));
}

size_t nscan_count(const struct nscan *s, int id)
{
	size_t n = 0;
	for (size_t i = 0; i < s->nopts; i++)
		n += s->opts[i].id == id;
	return n;
}

const char *nscan_value(const struct nscan *s, int id)
{
	const char *v = NULL;
	for (size_t i = 0; i < s->nopts; i++)
		if (s->opts[i].id == id)
			v = s->opts[i].value;
	return v;
}

char *join_words(char *const *w, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		len += strlen(w[i]) + 1;
	char *s = xmalloc(len);
	char *o = s;
	for (size_t i = 0; i < n; i++) {
		size_t l = strlen(w[i]);
		if (i)
			*o++ = ' ';
		memcpy(o, w[i], l);
		o += l;
	}
	*o = '\0';
	return s;
}

/* ---- did you mean ---- */

bool nearest_word(const char *word, const char *list, char *buf, size_t bufsize)
{
	size_t wl = strlen(word), best = 99;
	size_t limit = wl <= 3 ? 1 : 2;
	const char *best_at = NULL;
	size_t best_len = 0;
	for (const char *p = list; *p;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, " ");
		if (len == 0)
			break;
		/* the distance is at least the difference in length */
		size_t d = (len > wl ? len - wl : wl - len) > limit ? 99 : edit_distance(word, wl, p, len);
		if (d < best) {
			best = d;
			best_at = p;
			best_len = len;
		}
		p += len;
	}
	if (!best_at || best > limit || best_len >= bufsize)
		return false;
	memcpy(buf, best_at, best_len);
	buf[best_len] = '\0';
	return true;
}

int in_list(const char *word, const char *list)
{
	size_t wl = strlen(word);
	for (const char *p = list; *p;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, " ");
		if (len == 0)
			break;
		if (len == wl && strncmp(p, word, len) == 0)
			return 1;
		p += len;
	}
	return 0;
}

/* ---- sizes ---- */

#define KIB_MAX (UINT64_C(1) << 54) /* 16 EiB */

static int size_error(struct vm_error *err, const char *who, const char *s, const char *why)
{
	char *q = msg_quote(s);
	vm_error_set(err, VM_EXIT_USAGE, "invalid size %s for '%s': %s", q, who, why);
	free(q);
	return -1;
}

/* Finds suffix in units; fills the unit's shift (bits) or decimal power. */
static bool find_unit(const char *units, const char *suffix, unsigned *shift, bool *decimal, bool *down)
{
	size_t sl = strlen(suffix);
	for (const char *p = units; *p;) {
		p += strspn(p, " ");
		size_t len = strcspn(p, "=");
		if (!p[len])
			break;
		const char *v = p + len + 1;
		if (len == sl && strncasecmp(p, suffix, len) == 0) {
			char *end;
			*decimal = *v == 'd';
			*shift = (unsigned)strtoul(v + *decimal, &end, 10);
			*down = *end == '-';
			return true;
		}
		p = v + strcspn(v, " ");
	}
	return false;
}

int native_size(const char *who, const char *s, const char *units, uint64_t *kib, bool *rounded,
		struct vm_error *err)
{
	uint64_t v = 0;
	bool overflow = false;
	const char *p = s;
	if (*p < '0' || *p > '9')
		return size_error(err, who, s, "expected a whole number with an optional unit");
	for (; *p >= '0' && *p <= '9'; p++) {
		unsigned d = (unsigned)(*p - '0');
		if (v > (UINT64_MAX - d) / 10)
			overflow = true;
		else
			v = v * 10 + d;
	}
	unsigned shift;
	bool decimal, down;
	if (!find_unit(units, p, &shift, &decimal, &down)) {
		char *why = xasprintf("unknown unit '%.20s'", p);
		size_error(err, who, s, why);
		free(why);
		return -1;
	}
	uint64_t k;
	uint64_t rest = 0;
	if (decimal) {
		uint64_t bytes = v;
		for (unsigned i = 0; i < shift && !overflow; i++)
			overflow = __builtin_mul_overflow(bytes, 10, &bytes);
		k = bytes / 1024;
		rest = bytes % 1024;
	} else if (shift >= 10) {
		if (shift - 10 >= 64 || v > (KIB_MAX >> (shift - 10)))
			overflow = true;
		k = overflow ? 0 : v << (shift - 10);
	} else {
		k = v >> (10 - shift);
		rest = v & ((UINT64_C(1) << (10 - shift)) - 1);
	}
	if (rest && !down)
		k++;
	if (overflow || k > KIB_MAX)
		return size_error(err, who, s, "larger than 16 EiB");
	if (k == 0)
		return size_error(err, who, s, "must be at least 1 KiB");
	*kib = k;
	if (rounded)
		*rounded = rest != 0;
	return 0;
}

/* ---- operands and errors ---- */

int tr_guest(struct translation *t, const char *s, struct vm_error *err)
{
	if (validate_name(s, "guest name", err) < 0)
		return -1;
	t->req.guest = s;
	return 0;
}

void tr_not_expressed(struct translation *t, const struct nscan *sc, int id, const char *what)
{
	struct strvec words = STRVEC_INIT;
	for (size_t i = 0; i < sc->nopts; i++) {
		if (sc->opts[i].id != id)
			continue;
		bool seen = false;
		for (size_t k = 0; k < words.n; k++)
			seen |= strcmp(words.v[k], sc->opts[i].word) == 0;
		if (!seen)
			strvec_push(&words, sc->opts[i].word);
	}
	if (!words.n)
		return;
	char *list = xstrdup("");
	for (size_t k = 0; k < words.n; k++) {
		char *q = msg_quote(words.v[k]);
		char *next = xasprintf("%s%s%s", list, k == 0 ? "" : k + 1 == words.n ? " and " : ", ", q);
		free(q);
		free(list);
		list = next;
	}
	if (words.n == 1)
		tr_approx(t, "%s (%s) has no vmctl equivalent; translated without it", list, what);
	else
		tr_approx(t, "%s (%s) have no vmctl equivalent; translated without them", list, what);
	free(list);
	strvec_clear(&words);
}

int tr_usage(struct vm_error *err, const char *who, const char *what, const char *usage)
{
	return vm_error_set(err, VM_EXIT_USAGE, "'%s' needs %s; usage: %s", who, what, usage);
}

int tr_unsupported(struct vm_error *err, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *s = xvasprintf(fmt, ap);
	va_end(ap);
	vm_error_set(err, VM_EXIT_UNSUPPORTED, "%s", s);
	free(s);
	return -1;
}

int tr_not_expressible(const struct ntool *tool, const char *word, struct vm_error *err)
{
	for (const struct nrefusal *r = tool->refused; r && r->word; r++)
		if (strcmp(r->word, word) == 0)
			return tr_unsupported(err, "%s", r->why);
	if (!tool->words || in_list(word, tool->words)) {
		char *whole = xasprintf("%s%s", tool->prefix, word);
		char *q = msg_quote(whole);
		tr_unsupported(err, "%s%s has no vmctl equivalent; translate reads %s", tool->subject, q, tool->reads);
		free(q);
		free(whole);
		return -1;
	}
	for (const struct nalias *a = tool->aliases; a && a->word; a++)
		if (strcmp(a->word, word) == 0)
			return vm_error_set(err, VM_EXIT_USAGE, "%s", a->msg);
	char *q = msg_quote(word);
	char near[64];
	if (nearest_word(word, tool->words, near, sizeof(near)))
		vm_error_set(err, VM_EXIT_USAGE, "unknown %s %s, did you mean '%s%s'?", tool->kind, q, tool->prefix, near);
	else if (tool->unknown_says_reads)
		vm_error_set(err, VM_EXIT_USAGE, "unknown %s %s; translate reads %s", tool->kind, q, tool->reads);
	else
		vm_error_set(err, VM_EXIT_USAGE, "unknown %s %s", tool->kind, q);
	free(q);
	return -1;
}

const char *tr_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash && slash[1] ? slash + 1 : path;
}
