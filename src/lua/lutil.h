/*
** lutil.h — helpers shared by the binding files: errors that name the
** public function and point at the caller's line, option tables checked
** key by key (raw access, so that no Lua code runs while C holds
** pointers), core statuses as Lua errors, and spectra as tables.
*/
#ifndef LIESYM_LUTIL_H
#define LIESYM_LUTIL_H

#include "lua.h"
#include "lauxlib.h"

#include "liesym.h"

/* An error at the caller's line: the first frame that is neither C nor
   one of liesym's Lua modules (see _mark_internal in lutil.c). */
int lsL_error (lua_State *L, const char *fmt, ...);

/* Registers _mark_internal in the module table at the top. */
void lsL_open_util (lua_State *L);

/* "bad argument #arg to 'fname' (message)" at the caller's line */
int lsL_argerr (lua_State *L, int arg, const char *fname, const char *fmt, ...);

/* "bad option 'key' to 'fname' (message)" at the caller's line */
/* Seconds on the monotonic clock (ls.clock), for deadlines. */
double lsL_now (void);

int lsL_opterr (lua_State *L, const char *key, const char *fname,
                const char *fmt, ...);

/* The value at idx must be nil or a table whose keys are all strings
   named in known (NULL-terminated); raises naming fname and argument
   number arg otherwise. */
void lsL_checkkeys (lua_State *L, int idx, int arg, const char *fname,
                    const char *const known[]);

/* Push opts[key] with raw access (nil when opts is not a table) and
   return its type. */
int lsL_rawfield (lua_State *L, int idx, const char *key);

/* Options with defaults and range checks (raw access). */
double lsL_optnumber (lua_State *L, int idx, const char *key,
                      const char *fname, double def, double lo, double hi);
lua_Integer lsL_optinteger (lua_State *L, int idx, const char *key,
                            const char *fname, lua_Integer def,
                            lua_Integer lo, lua_Integer hi);
int lsL_optenum (lua_State *L, int idx, const char *key, const char *fname,
                 const char *const names[], int def);

/* 1 and the value when the value at idx is a number with an integer
   value (strings are not numbers here). */
int lsL_toint (lua_State *L, int idx, lua_Integer *v);

/* The type's name as errors show it: the metatable's __name, else the
   basic type. */
const char *lsL_typename (lua_State *L, int idx);

/* An index in 1..n at idx, reported as argument arg. */
int lsL_checkindex (lua_State *L, int idx, int arg, const char *fname, int n);

/* An integer argument in lo..hi. */
int lsL_checkint (lua_State *L, int arg, const char *fname, lua_Integer lo,
                  lua_Integer hi);

/* Boxes: userdata holding one reference to a core object, with a
   metatable whose "methods" table __index looks in first. */
void **lsL_newbox (lua_State *L, const char *tname);
void *lsL_testbox (lua_State *L, int arg, const char *tname);
void *lsL_checkbox (lua_State *L, int arg, const char *tname,
                    const char *what, const char *fname);
/* the object at argument 1, for a method */
void *lsL_checkself (lua_State *L, const char *tname, const char *what,
                     const char *fname);
/* For __index: push methods[key] of the value at 1 and return 1, or
   return 0 leaving the stack as it was. */
int lsL_method (lua_State *L);
/* For boxes with a table of Lua fields (their uservalue 1), after the
   caller checked the box at 1: __index looks in the methods, then the
   table; __newindex sets in the table. */
int lsL_uvindex (lua_State *L);
int lsL_uvnewindex (lua_State *L);
/* Give every operator the type tname lacks a clean error naming it. */
void lsL_refuse_others (lua_State *L, const char *tname, const char *shown);

/* A metatable: __name, the metamethods, and the methods table. */
void lsL_newtype (lua_State *L, const char *tname, const char *shown,
                  const luaL_Reg *methods, const luaL_Reg *metamethods);

/* Raise a Lua error for a core status: "fname: " and the meaning, with
   what (may be NULL) saying what the operation was about. */
int lsL_status (lua_State *L, int st, const char *fname, const char *what);

/* Push a spectrum as {values, tol, floor, rank, gap, clear, method, ...}. */
void lsL_pushspectrum (lua_State *L, const ls_Spectrum *s);

/* The options of the fixed-space solver from the table at idx (raw
   access; unknown keys are refused by the caller). */
void lsL_fixedopts (lua_State *L, int idx, const char *fname, ls_FixedOpts *o);

/* The rank rule of a decision from data (rank.h): forced by the options
   tol, rtol or rank of the table at idx (raw access), else the
   largest-gap search below search * s_1 and a decisive gap. */
struct ls_RankRule;
void lsL_rankrule (lua_State *L, int idx, const char *fname, double search,
                   struct ls_RankRule *rule);

#endif
