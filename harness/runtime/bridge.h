/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The container's veth on a bridge (spec.bridge), in the launcher's
 * network namespace: the bridge is looked up by name and made (up, no
 * address) when missing; the veth's outside end becomes its port and
 * goes up.  A bridge the launch made is the launch's to remove: at
 * destroy, once the container's veth is gone (netns teardown is
 * asynchronous: awaited by event), and only when no other port is left
 * (the last container out removes it).
 */
#ifndef NSP_RUNTIME_BRIDGE_H
#define NSP_RUNTIME_BRIDGE_H

#include "lib/err.h"
#include "runtime/launch.h"

/* Parent, after the veth is made: attach its outside end. */
int core_bridge_attach(const struct core_spec *s, struct core_container *c,
		       struct nsp_err *e);
/* At destroy: remove a bridge we made once its last port is gone. */
int core_bridge_release(struct core_container *c, struct nsp_err *e);

#endif
