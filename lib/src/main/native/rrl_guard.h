// MuJoCo error and warning handling for rrl (included by rrl_batch.h; not parsed by JavaCPP).
//
// MuJoCo 2.2.2 reports problems through two global hooks (mujoco.h): mju_error, after which MuJoCo must
// not continue (its default prints "Press Enter to exit", appends to MUJOCO_LOG.TXT in the working
// directory and calls exit(1); a user handler that returns lets the caller carry on with a broken state),
// and mju_warning (default: print to stdout and append to MUJOCO_LOG.TXT, then carry on; for a bad qpos,
// qvel or qacc the caller has already reset mjData to the default pose, so the simulation silently
// restarts). rrl installs its own handlers when this library is loaded:
//
// - inside a guarded call (every rrl_* entry point that runs MuJoCo code) an error records MuJoCo's
//   message and longjmps back to the entry point, which resets the affected mjData (its stack marks are
//   mid-computation) and returns an error code; a warning records its message and lets MuJoCo finish the
//   substep, and the entry point stops and returns an error code. Java turns both codes into a
//   MuJoCoException naming MuJoCo's message, the warning and the environment;
// - outside a guarded call (a raw rrl.mujoco.capi call from user code) a warning goes to stderr, and an
//   error, after which MuJoCo cannot continue, is written to stderr before exiting as MuJoCo would.
//
// Nothing is written to stdout and MUJOCO_LOG.TXT is never created. State is per thread: worker threads
// stepping different slices fail independently.
#ifndef RRL_GUARD_H
#define RRL_GUARD_H

#include <mujoco/mujoco.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RRL_OK 0
#define RRL_ERROR 1
#define RRL_WARNING 2

struct rrl_guard_state {
  jmp_buf jump;       // the guarded entry point's setjmp
  int active;         // inside a guarded call on this thread
  int kind;           // RRL_OK, RRL_ERROR or RRL_WARNING
  int warning;        // mjtWarning of the failure, -1 if none
  char message[1000]; // MuJoCo's text of the first error or warning
};

static thread_local rrl_guard_state rrl_guard_tls;

static inline void rrl_guard_record(int kind, const char* msg) {
  rrl_guard_state* g = &rrl_guard_tls;
  if (g->kind == RRL_OK || kind == RRL_ERROR) {
    g->kind = kind;
    strncpy(g->message, msg ? msg : "(no message)", sizeof(g->message) - 1);
    g->message[sizeof(g->message) - 1] = 0;
  }
}

static void rrl_on_mujoco_error(const char* msg) {
  rrl_guard_state* g = &rrl_guard_tls;
  if (g->active) {
    rrl_guard_record(RRL_ERROR, msg);
    g->active = 0;
    longjmp(g->jump, 1);
  }
  fprintf(stderr, "rrl: MuJoCo error outside rrl's guarded calls (MuJoCo cannot continue after an error): %s\n",
          msg);
  fflush(stderr);
  exit(1);
}

static void rrl_on_mujoco_warning(const char* msg) {
  rrl_guard_state* g = &rrl_guard_tls;
  if (g->active) {
    rrl_guard_record(RRL_WARNING, msg);
    return;
  }
  fprintf(stderr, "rrl: MuJoCo warning: %s\n", msg);
  fflush(stderr);
}

// Installed when the JNI library is loaded (libmujoco is loaded before it, as a dependency).
__attribute__((constructor)) static void rrl_guard_install(void) {
  mju_user_error = rrl_on_mujoco_error;
  mju_user_warning = rrl_on_mujoco_warning;
}

// Starts a guarded call: clears this thread's record. The caller then does `if (setjmp(...))` and sets
// active (setjmp must be called in the frame that stays alive, so it cannot live in a helper).
static inline rrl_guard_state* rrl_guard_begin(void) {
  rrl_guard_state* g = &rrl_guard_tls;
  g->active = 0;
  g->kind = RRL_OK;
  g->warning = -1;
  g->message[0] = 0;
  return g;
}

// The first warning MuJoCo counted in d since its counters were cleared, or -1.
static inline int rrl_first_warning(const mjData* d) {
  for (int w = 0; w < mjNWARNING; w++) {
    if (d->warning[w].number > 0) {
      return w;
    }
  }
  return -1;
}

// After a step or forward pass of d: a warning (handler or counters) turns into RRL_WARNING. Returns kind.
static inline int rrl_guard_check(rrl_guard_state* g, const mjData* d) {
  int w = rrl_first_warning(d);
  if (w >= 0 && g->kind == RRL_OK) {
    rrl_guard_record(RRL_WARNING, mju_warningText(w, d->warning[w].lastinfo));
  }
  if (w >= 0 && g->warning < 0) {
    g->warning = w;
  }
  return g->kind;
}

#endif
