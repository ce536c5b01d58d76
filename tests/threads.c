/*
** threads.c — two lua_States in two threads run the same liesym work
** (enforce, discover, an exact promote solve) at once, and must print
** what one thread alone prints: liesym keeps no unguarded state between
** calls.  Built and run by `make check-threads` (with the module from
** build/ and the Lua half from lua/).
**
**   usage: threads LUA_PATH LUA_CPATH
*/
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lua.h"
#include "lualib.h"
#include "lauxlib.h"

static const char *const WORK =
  "local ls = require 'liesym'\n"
  "local out = {}\n"
  "local G = ls.group.SO(3)\n"
  "local V = ls.action.V(G)\n"
  "out[#out + 1] = ls.enforce(ls.action.hom(V * V, V)):dim()\n"
  "local B = ls.basis.poly(3, 2)\n"
  "local W = ls.matrix{{0, -10, 10, 0, 0, 0, 0, 0, 0, 0},\n"
  "                    {0, 28, -1, 0, 0, 0, -1, 0, 0, 0},\n"
  "                    {0, 0, 0, -8 / 3, 0, 1, 0, 0, 0, 0}}\n"
  "local op = ls.lieder.model(B, ls.lie.gl(3), {output_action = 'tangent'})\n"
  "out[#out + 1] = ls.discover(op, W):dim()\n"
  "local rng = ls.rng(7)\n"
  "local X = ls.rand(12, 3, rng) * 2 - 1\n"
  "local Y = X:hadamard(X) * ls.ones(3, 1) + X:col(1)\n"
  "local P, info = ls.promote(ls.lieder.model(B, ls.lie.so(3)), X, Y, {mode = 'exact'})\n"
  "out[#out + 1] = tostring(info.converged)\n"
  "for i = 1, P:cols() do out[#out + 1] = ('%.12g'):format(P:get(1, i)) end\n"
  "return table.concat(out, ' ')\n";

typedef struct Job {
  const char *path, *cpath;
  char result[4096];
  int ok;
} Job;

static void *run (void *arg) {
  Job *job = (Job *)arg;
  lua_State *L = luaL_newstate();
  job->ok = 0;
  if (L == NULL) { strcpy(job->result, "no state"); return NULL; }
  luaL_openlibs(L);
  lua_getglobal(L, "package");
  lua_pushstring(L, job->path);
  lua_setfield(L, -2, "path");
  lua_pushstring(L, job->cpath);
  lua_setfield(L, -2, "cpath");
  lua_pop(L, 1);
  if (luaL_dostring(L, WORK) == LUA_OK) job->ok = 1;
  snprintf(job->result, sizeof(job->result), "%s", lua_tostring(L, -1));
  lua_close(L);
  return NULL;
}

int main (int argc, char **argv) {
  Job ref, jobs[2];
  pthread_t th[2];
  int i, same = 1;
  if (argc != 3) { fprintf(stderr, "usage: threads LUA_PATH LUA_CPATH\n"); return 2; }
  ref.path = argv[1]; ref.cpath = argv[2];
  run(&ref);   /* one thread alone */
  if (!ref.ok) { fprintf(stderr, "threads: %s\n", ref.result); return 1; }
  for (i = 0; i < 2; i++) {
    jobs[i].path = argv[1]; jobs[i].cpath = argv[2];
    if (pthread_create(&th[i], NULL, run, &jobs[i]) != 0) { perror("pthread_create"); return 1; }
  }
  for (i = 0; i < 2; i++) pthread_join(th[i], NULL);
  for (i = 0; i < 2; i++)
    if (!jobs[i].ok || strcmp(jobs[i].result, ref.result) != 0) {
      fprintf(stderr, "threads: thread %d gave '%s', one thread alone '%s'\n", i + 1,
              jobs[i].result, ref.result);
      same = 0;
    }
  if (same) printf("threads: two lua_States at once give one thread's results: %.60s...\n", ref.result);
  return same ? 0 : 1;
}
