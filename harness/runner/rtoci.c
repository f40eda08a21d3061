// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * OCI bundles for runc and crun: config.json is the runtime's own `spec`
 * (its defaults: capabilities, masked paths, rlimits, its mounts), with
 * what the run needs put in and nothing else changed:
 *
 *   process.args      the probe at /nsp/probes, --role inside
 *   process.env       + every NSHARNESS_* variable (policy, launcher)
 *   process.terminal  false: the TAP is the job's stdout
 *   root              the skeleton, read-only
 *   mounts            + the read-only binds (rt_binds)
 *   linux.namespaces  exactly the ones asked for (--runtime-ns)
 *   hostname          dropped without a uts namespace (runc refuses it)
 *   linux.cgroupsPath under this run's nsprobe-<owner> group, which the
 *                     runner removes on every exit path
 */
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "runner/rtint.h"
#include "runner/spawnwait.h"
#include "runtime/cgroup.h"

extern char **environ;


int rt_oci_spec(struct rt_run *r, struct nsp_err *e)
{
	char dir[PATH_MAX + 16], path[PATH_MAX + 32], out[1024];
	char **argv = rt_words_argv(r, &r->prof.spec, NULL, r->command);
	json_error_t je;
	int status, rc;

	snprintf(dir, sizeof(dir), "%s/spec", r->work);
	snprintf(path, sizeof(path), "%s/config.json", dir);
	if (!argv)
		return nsp_err_set(e, ENOMEM, "spec command");
	if (mkdir(dir, 0700) < 0) {
		rt_command_free(argv);
		return nsp_err_sys(e, "mkdir %s", dir);
	}
	rc = spawn_wait(argv, dir, out, sizeof(out), &status, e);
	rt_command_free(argv);
	if (rc < 0)
		return nsp_err_wrap(e, "%s spec", r->prof.name);
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		return nsp_err_set(e, EIO, "%s spec failed: %s", r->prof.name, out);
	r->spec = json_load_file(path, 0, &je);
	if (!r->spec || !json_is_object((json_t *)r->spec))
		return nsp_err_set(e, EINVAL, "%s spec: %s: line %d: %s", r->prof.name, path,
				   je.line, r->spec ? "not an object" : je.text);
	return 0;
}

void rt_oci_free(struct rt_run *r)
{
	json_decref(r->spec);
	r->spec = NULL;
}

/* obj[key] as an object, made when missing. */
static json_t *object_at(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	if (!json_is_object(v)) {
		v = json_object();
		if (json_object_set_new(obj, key, v) < 0)
			return NULL;
	}
	return v;
}

static int set_process(json_t *c, char *const *args)
{
	json_t *proc = object_at(c, "process"), *a = json_array(), *env;

	for (size_t i = 0; a && args[i]; i++)
		json_array_append_new(a, json_string(args[i]));
	if (!proc || !a || json_object_set_new(proc, "args", a) < 0)
		return -1;
	json_object_set_new(proc, "terminal", json_false());
	json_object_set_new(proc, "cwd", json_string("/"));
	env = json_object_get(proc, "env");
	if (!json_is_array(env) && json_object_set_new(proc, "env", env = json_array()) < 0)
		return -1;
	for (char **v = environ; *v; v++)
		if (!strncmp(*v, "NSHARNESS_", 10) && json_array_append_new(env, json_string(*v)) < 0)
			return -1;
	return 0;
}

static int set_root_and_mounts(const struct rt_run *r, json_t *c)
{
	struct rt_bind b[RT_BINDS_MAX];
	size_t n = rt_binds(r, b, RT_BINDS_MAX);
	json_t *root = object_at(c, "root"), *mounts = json_object_get(c, "mounts");

	if (!root || json_object_set_new(root, "path", json_string(r->rootfs)) < 0 ||
	    json_object_set_new(root, "readonly", json_true()) < 0)
		return -1;
	if (!json_is_array(mounts) && json_object_set_new(c, "mounts", mounts = json_array()) < 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		json_t *m = json_pack("{s:s, s:s, s:s, s:[s, s]}", "destination", b[i].dst,
				      "type", "bind", "source", b[i].src, "options", "rbind", "ro");

		if (!m || json_array_append_new(mounts, m) < 0)
			return -1;
	}
	return 0;
}

/* Exactly the asked namespaces (their OCI types: the ns line's word). */
static int set_linux(const struct rt_run *r, json_t *c, size_t idx)
{
	json_t *lin = object_at(c, "linux"), *ns = json_array();
	char path[CORE_CG_NAME_MAX + 32];
	struct nsp_err e;
	bool uts = false;

	for (size_t i = 0; ns && i < r->prof.nns; i++) {
		if (!r->asked[i])
			continue;
		uts |= !strcmp(r->prof.ns[i].type, "uts");
		if (json_array_append_new(ns, json_pack("{s:s}", "type", r->prof.ns[i].on.w[0])) < 0)
			return -1;
	}
	if (!lin || !ns || json_object_set_new(lin, "namespaces", ns) < 0)
		return -1;
	if (!uts) {
		json_object_del(c, "hostname");
		json_object_del(c, "domainname");
	}
	if (rt_cgroup_path(path, sizeof(path), idx, &e) < 0)
		return -1;
	return json_object_set_new(lin, "cgroupsPath", json_string(path));
}

int rt_oci_bundle(struct rt_run *r, const char *dir, char *const *args, size_t idx,
		  struct nsp_err *e)
{
	json_t *c = json_deep_copy(r->spec);
	char path[PATH_MAX + 32];
	int rc = -1;

	snprintf(path, sizeof(path), "%s/config.json", dir);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		rc = nsp_err_sys(e, "mkdir %s", dir);
	else if (!c || set_process(c, args) < 0 || set_root_and_mounts(r, c) < 0 ||
		 set_linux(r, c, idx) < 0)
		rc = nsp_err_set(e, ENOMEM, "build %s", path);
	else if (json_dump_file(c, path, JSON_INDENT(1)) < 0)
		rc = nsp_err_set(e, EIO, "write %s", path);
	else
		rc = 0;
	json_decref(c);
	return rc;
}
