// SPDX-License-Identifier: GPL-2.0-or-later
#include "runner/checkname.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A run of digits at s: its length. */
static size_t digits_at(const char *s)
{
	size_t n = 0;

	while (isdigit((unsigned char)s[n]))
		n++;
	return n;
}

/* The description with runs of 2+ digits as `num`; when `slug`, also lower
 * case with every other run outside [a-z0-9] as one "_", trimmed. */
static char *normalise(const char *desc, const char *num, bool slug)
{
	size_t len = strlen(desc ? desc : ""), o = 0;
	char *out = malloc(len + 1 + strlen(num) * len);
	bool sep = false;

	if (!out)
		return NULL;
	for (const char *s = desc ? desc : ""; *s;) {
		size_t d = digits_at(s);
		unsigned char c = (unsigned char)*s;

		if (slug && !(d || isalpha(c))) {
			sep = o > 0;
			s++;
			continue;
		}
		if (sep)
			out[o++] = '_';
		sep = false;
		if (d >= 2) {
			o += (size_t)sprintf(out + o, "%s", num);
			s += d;
		} else {
			out[o++] = slug ? (char)tolower(c) : (char)c;
			s++;
		}
	}
	out[o] = '\0';
	return out;
}

/* `name` (of point i) with its repeat mark: how many points before i
 * normalise to the same name decides k. */
static char *with_repeat(const struct tap_doc *d, size_t i, char *name,
			 const char *num, bool slug)
{
	unsigned k = 1;
	char *out;

	for (size_t j = 0; j < i && name; j++) {
		char *other = normalise(d->points[j].desc, num, slug);

		if (!other) {
			free(name);
			return NULL;
		}
		if (strcmp(slug && !*other ? "check" : other, name) == 0)
			k++;
		free(other);
	}
	if (!name || k == 1)
		return name;
	out = malloc(strlen(name) + 16);
	if (out && slug)
		sprintf(out, "%s_%u", name, k);
	else if (out)
		sprintf(out, "%s (#%u)", name, k);
	free(name);
	return out;
}

char *checkname_title(const struct tap_doc *d, size_t i)
{
	return with_repeat(d, i, normalise(d->points[i].desc, "N", false), "N", false);
}

char *checkname_slug(const struct tap_doc *d, size_t i)
{
	char *s = normalise(d->points[i].desc, "n", true);

	if (s && !*s) {
		free(s);
		s = strdup("check");
	}
	return with_repeat(d, i, s, "n", true);
}
