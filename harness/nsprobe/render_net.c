// SPDX-License-Identifier: GPL-2.0-or-later
/* The net section: the links of the network namespace, from rtnetlink. */
#include <net/if.h>
#include <stdio.h>

#include "nsprobe/render.h"

static const char *oper_name(const struct diag_linkview *l)
{
	static const char *const names[] = { "UNKNOWN", "NOTPRESENT", "DOWN",
		"LOWERLAYERDOWN", "TESTING", "DORMANT", "UP" };

	if (!l->has_operstate || l->operstate >= sizeof(names) / sizeof(names[0]))
		return "?";
	return names[l->operstate];
}

static void text_net(FILE *out, const struct diag_report *r)
{
	const struct diag_netview *v = &r->net;

	if (!text_section(out, "net", v->applies, "links", &v->miss))
		return;
	for (int i = 0; i < v->nlinks; i++) {
		const struct diag_linkview *l = &v->links[i];

		fprintf(out, "  %-3d %-15s %-4s %-8s mtu %-6u %s%s%s", l->ifindex, l->name,
			l->flags & IFF_UP ? "up" : "down", oper_name(l), l->mtu,
			l->mac[0] ? l->mac : "-", l->kind[0] ? " " : "", l->kind);
		if (l->master[0])
			fprintf(out, " master %s", l->master);
		for (int a = 0; a < l->naddrs; a++)
			fprintf(out, " %s", l->addrs[a]);
		fputc('\n', out);
	}
}

static const char *const oper_names[] = { "unknown", "notpresent", "down",
	"lowerlayerdown", "testing", "dormant", "up" };

static void json_link(struct jw *w, const struct diag_linkview *l)
{
	jw_obj(w, NULL);
	jw_str(w, "name", l->name);
	jw_int(w, "ifindex", l->ifindex);
	jw_bool(w, "up", l->flags & IFF_UP);
	jw_str(w, "operstate", l->has_operstate && l->operstate < 7 ?
		   oper_names[l->operstate] : NULL);
	jw_uint(w, "mtu", l->mtu);
	jw_str(w, "kind", l->kind[0] ? l->kind : NULL);
	jw_str(w, "address", l->mac[0] ? l->mac : NULL);
	jw_str(w, "master", l->master[0] ? l->master : NULL);
	jw_arr(w, "addresses");
	for (int i = 0; i < l->naddrs; i++)
		jw_str(w, NULL, l->addrs[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}

static void json_net(struct jw *w, const struct diag_report *r)
{
	const struct diag_netview *v = &r->net;

	if (!json_section(w, "net", v->applies, &v->miss))
		return;
	/* schema 1 keeps the field: the list is whole, it grows as needed */
	jw_bool(w, "truncated", false);
	jw_arr(w, "links");
	for (int i = 0; i < v->nlinks; i++)
		json_link(w, &v->links[i]);
	jw_end_arr(w);
	jw_end_obj(w);
}


const struct diag_section diag_section_net = { text_net, json_net };
