/* uri.c: see uri.h */
#include "uri.h"

#include <string.h>

#include "util.h"

int uri_is_uri(const char *s)
{
	return strstr(s, "://") != NULL;
}

/* The authority of a URI: [start, end) after "://". */
static void authority(const char *uri, const char **start, const char **end)
{
	const char *p = strstr(uri, "://");
	*start = p ? p + 3 : uri;
	*end = *start + strcspn(*start, "/?#");
}

int uri_is_remote(const char *uri)
{
	if (!uri || !uri_is_uri(uri))
		return 0;
	const char *a, *e;
	authority(uri, &a, &e);
	return memchr(uri, '+', (size_t)(a - uri)) != NULL || e > a;
}

char *uri_redact(const char *uri)
{
	const char *a, *e;
	if (!uri_is_uri(uri))
		return xstrdup(uri);
	authority(uri, &a, &e);
	const char *at = NULL;
	for (const char *p = a; p < e; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return xstrdup(uri);
	const char *colon = memchr(a, ':', (size_t)(at - a));
	if (!colon)
		return xstrdup(uri);
	return xasprintf("%.*s%s", (int)(colon - uri), uri, at);
}

char *uri_host(const char *dest)
{
	if (!uri_is_uri(dest))
		return xstrdup(dest);
	const char *a, *e;
	authority(dest, &a, &e);
	for (const char *p = a; p < e; p++)
		if (*p == '@')
			a = p + 1;
	const char *h = a, *he = e;
	if (*h == '[') { /* [v6]:port */
		const char *close = memchr(h, ']', (size_t)(e - h));
		if (close)
			return xasprintf("%.*s", (int)(close - h - 1), h + 1);
	}
	const char *colon = memchr(h, ':', (size_t)(he - h));
	if (colon)
		he = colon;
	return xasprintf("%.*s", (int)(he - h), h);
}
