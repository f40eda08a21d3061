// SPDX-License-Identifier: GPL-2.0-or-later
/* The namespaces section: one row per namespace file, and what is known of each. */
#include <errno.h>
#include <stdio.h>
#include <sys/sysmacros.h>

#include "nsprobe/render.h"

static void text_ns_row(FILE *out, const struct diag_nsinfo *ni)
{
	char id[24] = "-", owner[24] = "-", parent[24] = "-", procs[24] = "?";

	if (!ni->present) {
		char buf[400];

		fprintf(out, "  %-17s %s\n", ni->type->name, miss_str(&ni->miss, buf, sizeof(buf)));
		return;
	}
	if (ni->has_id)
		snprintf(id, sizeof(id), "%llu", (unsigned long long)ni->id);
	if (ni->has_owner)
		snprintf(owner, sizeof(owner), "%lu", (unsigned long)ni->owner_ino);
	else if (ni->owner_miss.errnum == EPERM)
		snprintf(owner, sizeof(owner), "(above view)");
	if (ni->has_parent)
		snprintf(parent, sizeof(parent), "%lu", (unsigned long)ni->parent_ino);
	else if (ni->parent_applies)
		snprintf(parent, sizeof(parent), "%s",
			 ni->parent_miss.errnum == EPERM ? "(top of view)" : "?");
	if (ni->nprocs >= 0)
		snprintf(procs, sizeof(procs), "%ld", ni->nprocs);
	fprintf(out, "  %-17s %-11lu %-6s %-7s %-6s %-13s %s\n", ni->type->name,
		(unsigned long)ni->ino, id,
		ni->initial > 0 ? "yes" : ni->initial == 0 ? "no" : "unknown", procs, owner, parent);
}

static void text_ns_notes(FILE *out, const struct diag_report *r)
{
	for (size_t i = 0; i < r->nns; i++) {
		const struct diag_nsinfo *ni = &r->ns[i];

		if (!ni->present)
			continue;
		fprintf(out, "  %s: %s (%s)", ni->type->name,
			ni->initial > 0 ? "the initial one" : ni->initial == 0 ?
			"not the initial one" : "initial or not: unknown", ni->initial_basis);
		if (ni->has_owner_uid)
			fprintf(out, "; owner uid %u", (unsigned)ni->owner_uid);
		for (size_t k = 0; k < ni->owner_chain_n; k++)
			fprintf(out, "%s%lu", k ? " < " : "; owners ",
				(unsigned long)ni->owner_chain[k]);
		if (ni->owner_chain_to_initial)
			fprintf(out, " (initial)");
		if (!ni->has_id && ni->id_miss.errnum == ENOTTY)
			fprintf(out, "; no NS_GET_ID on this kernel");
		for (int k = 0; k < ni->nthreads_differ; k++)
			fprintf(out, "%s%d", k ? " " : "; threads in another one: ",
				(int)ni->threads_differ[k]);
		fputc('\n', out);
	}
}

static void text_ns(FILE *out, const struct diag_report *r)
{
	dev_t dev = 0;

	for (size_t i = 0; i < r->nns; i++)
		if (r->ns[i].present)
			dev = r->ns[i].dev;
	fprintf(out, "\nnamespaces (nsfs device %u:%u)\n", major(dev), minor(dev));
	fprintf(out, "  %-17s %-11s %-6s %-7s %-6s %-13s %s\n", "TYPE", "INODE", "ID",
		"INITIAL", "PROCS", "OWNER-USERNS", "PARENT");
	for (size_t i = 0; i < r->nns; i++)
		text_ns_row(out, &r->ns[i]);
	text_ns_notes(out, r);
}

static void json_ns_one(struct jw *w, const struct diag_nsinfo *ni)
{
	char dev[32];

	jw_obj(w, NULL);
	jw_str(w, "type", ni->type->name);
	jw_str(w, "file", ni->file);
	if (!ni->present) {
		json_miss(w, "error", &ni->miss);
		jw_end_obj(w);
		return;
	}
	snprintf(dev, sizeof(dev), "%u:%u", major(ni->dev), minor(ni->dev));
	jw_uint(w, "inode", ni->ino);
	jw_str(w, "device", dev);
	if (ni->has_id)
		jw_uint(w, "id", ni->id);
	else
		jw_null(w, "id");
	if (ni->initial < 0)
		jw_null(w, "initial");
	else
		jw_bool(w, "initial", ni->initial);
	jw_str(w, "initial_basis", ni->initial_basis);
	if (ni->has_owner)
		jw_uint(w, "owner_userns", ni->owner_ino);
	else
		json_miss(w, "owner_userns", &ni->owner_miss);
	jw_arr(w, "owner_chain");
	for (size_t i = 0; i < ni->owner_chain_n; i++)
		jw_uint(w, NULL, ni->owner_chain[i]);
	jw_end_arr(w);
	jw_bool(w, "owner_chain_to_initial", ni->owner_chain_to_initial);
	if (ni->has_parent)
		jw_uint(w, "parent", ni->parent_ino);
	else if (ni->parent_applies)
		json_miss(w, "parent", &ni->parent_miss);
	else
		jw_null(w, "parent");
	if (ni->has_owner_uid)
		jw_uint(w, "owner_uid", ni->owner_uid);
	else
		jw_null(w, "owner_uid");
	jw_int(w, "nprocs", ni->nprocs);
	jw_arr(w, "threads_differ");
	for (int i = 0; i < ni->nthreads_differ; i++)
		jw_int(w, NULL, ni->threads_differ[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}

static void json_ns(struct jw *w, const struct diag_report *r)
{
	jw_arr(w, "namespaces");
	for (size_t i = 0; i < r->nns; i++)
		json_ns_one(w, &r->ns[i]);
	jw_end_arr(w);
}

const struct diag_section diag_section_ns = { text_ns, json_ns };
