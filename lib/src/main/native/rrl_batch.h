// Batch stepping for rrl: advance many MuJoCo environments in one JNI call.
//
// Only physics lives here. Each environment's observation, reward and termination are computed in
// Java (rrl.env.*Task) from the state row written below, so a task's definition exists in one place.
//
// State row of one environment after a step (doubles):
//   qpos[nq] | qvel[nv] | track_before[2] | track_after[2] | cfrc_ext[6 * nbody] (only if with_cfrc)
// track_* is (qpos[0], 0) when track_body < 0, else the (x, y) of data->xpos of that body, read the way
// Gymnasium reads it (xpos as left by mj_step, i.e. from the last substep's forward pass).
#ifndef RRL_BATCH_H
#define RRL_BATCH_H

#include <mujoco/mujoco.h>
#include <string.h>
#include <time.h>

#include "rrl_guard.h"

// Every entry point below that runs MuJoCo code is guarded (see rrl_guard.h): a MuJoCo error or warning
// stops it and it returns a failure code; rrl_last_kind / rrl_last_warning / rrl_last_message then tell
// the calling thread what happened.

// RRL_OK (0), RRL_ERROR (1) or RRL_WARNING (2): the outcome of this thread's last guarded call.
inline int rrl_last_kind() {
  return rrl_guard_tls.kind;
}

// The mjtWarning index behind the last failure on this thread, or -1.
inline int rrl_last_warning() {
  return rrl_guard_tls.warning;
}

// MuJoCo's message for the last failure on this thread ("" if none).
inline const char* rrl_last_message() {
  return rrl_guard_tls.message;
}

// Whether rrl's handlers are the ones MuJoCo calls (they are installed when this library loads).
inline int rrl_handlers_installed() {
  return mju_user_error == rrl_on_mujoco_error && mju_user_warning == rrl_on_mujoco_warning;
}

inline int rrl_state_row_size(const mjModel* m, int with_cfrc) {
  return m->nq + m->nv + 4 + (with_cfrc ? 6 * m->nbody : 0);
}

inline void rrl_read_track(const mjModel* m, const mjData* d, int track_body, double* out2) {
  if (track_body < 0) {
    out2[0] = d->qpos[0];
    out2[1] = 0;
  } else {
    out2[0] = d->xpos[3 * track_body];
    out2[1] = d->xpos[3 * track_body + 1];
  }
}

inline void rrl_write_state(const mjModel* m, const mjData* d, int with_cfrc, double* row) {
  memcpy(row, d->qpos, sizeof(double) * m->nq);
  memcpy(row + m->nq, d->qvel, sizeof(double) * m->nv);
  if (with_cfrc) {
    memcpy(row + m->nq + m->nv + 4, d->cfrc_ext, sizeof(double) * 6 * m->nbody);
  }
}

// Steps environments [begin, end): ctrl row i -> data[i]->ctrl, frame_skip x mj_step, then (only when
// the task reads contact forces) mj_rnePostConstraint, as Gymnasium's MujocoEnv does. Returns -1, or the
// index of the environment where MuJoCo raised an error or a warning (the ones after it are not stepped;
// an environment whose step raised an error is reset with mj_resetData, its stack being mid-computation).
// Each environment's warning counters are cleared before its step so every warning is seen (they are
// statistics only; clearing them changes no physics).
inline int rrl_step_batch(const mjModel* m, mjData** data, int begin, int end, const double* ctrl,
                          int frame_skip, int track_body, int with_cfrc, double* state) {
  const int row = rrl_state_row_size(m, with_cfrc);
  const int nu = m->nu;
  rrl_guard_state* g = rrl_guard_begin();
  volatile int i = begin;
  if (setjmp(g->jump)) {
    mj_resetData(m, data[i]);
    return i;
  }
  g->active = 1;
  for (; i < end; i++) {
    mjData* d = data[i];
    double* out = state + (long)i * row;
    memset(d->warning, 0, sizeof(d->warning));
    memcpy(d->ctrl, ctrl + (long)i * nu, sizeof(double) * nu);
    rrl_read_track(m, d, track_body, out + m->nq + m->nv);
    for (int k = 0; k < frame_skip; k++) {
      mj_step(m, d);
      if (g->kind != RRL_OK || rrl_first_warning(d) >= 0) {
        g->active = 0;
        rrl_guard_check(g, d);
        return i;
      }
    }
    if (with_cfrc) {
      mj_rnePostConstraint(m, d);
    }
    rrl_read_track(m, d, track_body, out + m->nq + m->nv + 2);
    rrl_write_state(m, d, with_cfrc, out);
  }
  g->active = 0;
  return -1;
}

// Sets the state of environment i (qpos, qvel; zero act, ctrl, time) and runs mj_forward, like
// Gymnasium's set_state, then writes its state row (track before == after). Returns RRL_OK, or the kind
// of the MuJoCo error or warning that stopped it (the mjData is then reset to the default pose).
inline int rrl_set_state(const mjModel* m, mjData* d, const double* qpos, const double* qvel,
                         int track_body, int with_cfrc, double* row) {
  rrl_guard_state* g = rrl_guard_begin();
  if (setjmp(g->jump)) {
    mj_resetData(m, d);
    return g->kind;
  }
  g->active = 1;
  mj_resetData(m, d);
  memcpy(d->qpos, qpos, sizeof(double) * m->nq);
  memcpy(d->qvel, qvel, sizeof(double) * m->nv);
  mj_forward(m, d);
  if (with_cfrc) {
    mj_rnePostConstraint(m, d);
  }
  g->active = 0;
  if (rrl_guard_check(g, d) != RRL_OK) {
    mj_resetData(m, d);
    return g->kind;
  }
  rrl_read_track(m, d, track_body, row + m->nq + m->nv);
  rrl_read_track(m, d, track_body, row + m->nq + m->nv + 2);
  rrl_write_state(m, d, with_cfrc, row);
  return RRL_OK;
}

// mj_makeData, guarded: NULL (and RRL_ERROR with MuJoCo's message) when MuJoCo cannot allocate it.
inline mjData* rrl_make_data(const mjModel* m) {
  rrl_guard_state* g = rrl_guard_begin();
  if (setjmp(g->jump)) {
    return NULL;
  }
  g->active = 1;
  mjData* d = mj_makeData(m);
  g->active = 0;
  return d;
}

// Bytes one mjData occupies: the struct, its main buffer and its stack (MuJoCo 2.2.2 has no mj_sizeof;
// mj_makeData allocates exactly these; the buffer is written at once, the stack as steps use it).
inline long rrl_data_bytes(const mjData* d) {
  return (long)sizeof(mjData) + (long)d->nbuffer + (long)sizeof(mjtNum) * (long)d->nstack;
}

// mj_loadXML, guarded: NULL with MuJoCo's compiler message in error, or with RRL_ERROR / RRL_WARNING and
// the message from MuJoCo's handlers (a warning while compiling is treated as a failure: nothing is printed).
// (The compiler is C++; an mju_error inside it, only on running out of memory, unwinds past its frames
// without destructors: that path leaks, it does not crash.)
inline mjModel* rrl_load_xml(const char* filename, char* error, int error_sz) {
  rrl_guard_state* g = rrl_guard_begin();
  if (setjmp(g->jump)) {
    return NULL;
  }
  g->active = 1;
  mjModel* m = mj_loadXML(filename, NULL, error, error_sz);
  g->active = 0;
  if (m != NULL && g->kind != RRL_OK) {
    mj_deleteModel(m);
    return NULL;
  }
  return m;
}

// The benchmark's reference: a plain C loop of mj_step on one mjData, same frame skip and the same
// pre-drawn action rows, restarting from (qpos0, qvel0) every episode_len env steps. Returns seconds, or
// -1 if MuJoCo raised an error or a warning (checked once at the end, so the timed loop stays plain).
inline double rrl_reference_loop(const mjModel* m, mjData* d, const double* actions, int action_rows,
                                 long env_steps, int frame_skip, int episode_len, const double* qpos0,
                                 const double* qvel0) {
  struct timespec t0, t1;
  rrl_guard_state* g = rrl_guard_begin();
  if (setjmp(g->jump)) {
    mj_resetData(m, d);
    return -1;
  }
  g->active = 1;
  memset(d->warning, 0, sizeof(d->warning));
  clock_gettime(CLOCK_MONOTONIC, &t0);
  for (long s = 0; s < env_steps; s++) {
    if (s % episode_len == 0) {
      mj_resetData(m, d);
      memcpy(d->qpos, qpos0, sizeof(double) * m->nq);
      memcpy(d->qvel, qvel0, sizeof(double) * m->nv);
      mj_forward(m, d);
    }
    memcpy(d->ctrl, actions + (s % action_rows) * m->nu, sizeof(double) * m->nu);
    for (int k = 0; k < frame_skip; k++) {
      mj_step(m, d);
    }
  }
  clock_gettime(CLOCK_MONOTONIC, &t1);
  g->active = 0;
  if (g->kind != RRL_OK) {
    return -1;
  }
  return (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
}

#endif
