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
// the task reads contact forces) mj_rnePostConstraint, as Gymnasium's MujocoEnv does.
inline void rrl_step_batch(const mjModel* m, mjData** data, int begin, int end, const double* ctrl,
                           int frame_skip, int track_body, int with_cfrc, double* state) {
  const int row = rrl_state_row_size(m, with_cfrc);
  const int nu = m->nu;
  for (int i = begin; i < end; i++) {
    mjData* d = data[i];
    double* out = state + (long)i * row;
    memcpy(d->ctrl, ctrl + (long)i * nu, sizeof(double) * nu);
    rrl_read_track(m, d, track_body, out + m->nq + m->nv);
    for (int k = 0; k < frame_skip; k++) {
      mj_step(m, d);
    }
    if (with_cfrc) {
      mj_rnePostConstraint(m, d);
    }
    rrl_read_track(m, d, track_body, out + m->nq + m->nv + 2);
    rrl_write_state(m, d, with_cfrc, out);
  }
}

// Sets the state of environment i (qpos, qvel; zero act, ctrl, time) and runs mj_forward, like
// Gymnasium's set_state, then writes its state row (track before == after).
inline void rrl_set_state(const mjModel* m, mjData* d, const double* qpos, const double* qvel,
                          int track_body, int with_cfrc, double* row) {
  mj_resetData(m, d);
  memcpy(d->qpos, qpos, sizeof(double) * m->nq);
  memcpy(d->qvel, qvel, sizeof(double) * m->nv);
  mj_forward(m, d);
  if (with_cfrc) {
    mj_rnePostConstraint(m, d);
  }
  rrl_read_track(m, d, track_body, row + m->nq + m->nv);
  rrl_read_track(m, d, track_body, row + m->nq + m->nv + 2);
  rrl_write_state(m, d, with_cfrc, row);
}

// The benchmark's reference: a plain C loop of mj_step on one mjData, same frame skip and the same
// pre-drawn action rows, restarting from (qpos0, qvel0) every episode_len env steps. Returns seconds.
inline double rrl_reference_loop(const mjModel* m, mjData* d, const double* actions, int action_rows,
                                 long env_steps, int frame_skip, int episode_len, const double* qpos0,
                                 const double* qvel0) {
  struct timespec t0, t1;
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
  return (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
}

#endif
