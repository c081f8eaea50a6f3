// Off-screen rendering with MuJoCo's own renderer (mjv_* builds the scene, mjr_* draws it with OpenGL) into
// pixel buffers, for rrl.render. The GL context comes from EGL without a window (rrl_egl.h).
//
// A GL context is current on at most one thread at a time: every rrl_renderer_* call below needs the
// renderer's context current on the calling thread (rrl_gl_make_current), and the Java side releases it
// after each call (rrl_gl_release) so the next call may come from another thread.
//
// Every entry point that runs MuJoCo code is guarded like rrl_batch.h's (rrl_guard.h): a MuJoCo error (for
// example mjr_makeContext finding no usable OpenGL) returns a failure and rrl_last_message tells why.
#ifndef RRL_RENDER_H
#define RRL_RENDER_H

#include <mujoco/mujoco.h>
#include <stdlib.h>
#include <string.h>

#include "rrl_egl.h"
#include "rrl_guard.h"

// Creates an OpenGL context (EGL, no window, OpenGL API) and makes it current on the calling thread.
// NULL on failure, with the reason in rrl_last_message.
inline void* rrl_gl_create() {
  pthread_mutex_lock(&rrl_egl_mutex);
  int ok = rrl_egl_init_locked();
  pthread_mutex_unlock(&rrl_egl_mutex);
  if (ok != 1) {
    rrl_egl_fail_record(rrl_egl.failure);
    return NULL;
  }
  if (rrl_egl.BindAPI(EGL_OPENGL_API) != EGL_TRUE) {
    rrl_egl_fail_record("EGL cannot bind the desktop OpenGL API (eglBindAPI(EGL_OPENGL_API) failed); " RRL_EGL_PACKAGES);
    return NULL;
  }
  EGLContext context = rrl_egl.CreateContext(rrl_egl.display, rrl_egl.config, EGL_NO_CONTEXT, NULL);
  if (context == EGL_NO_CONTEXT) {
    char msg[200];
    snprintf(msg, sizeof(msg), "EGL could not create an OpenGL context (EGL error 0x%x)", (unsigned)rrl_egl.GetError());
    rrl_egl_fail_record(msg);
    return NULL;
  }
  if (rrl_egl.MakeCurrent(rrl_egl.display, EGL_NO_SURFACE, EGL_NO_SURFACE, context) != EGL_TRUE) {
    char msg[200];
    snprintf(msg, sizeof(msg), "EGL could not make an OpenGL context current without a surface (EGL error 0x%x)",
             (unsigned)rrl_egl.GetError());
    rrl_egl.DestroyContext(rrl_egl.display, context);
    rrl_egl_fail_record(msg);
    return NULL;
  }
  pthread_mutex_lock(&rrl_egl_mutex);
  if (strstr(rrl_egl.description, "OpenGL") == NULL) {
    typedef const unsigned char* (*get_string_fn)(unsigned int);
    get_string_fn get_string = (get_string_fn)rrl_egl.GetProcAddress("glGetString");
    if (get_string) {
      const char* version = (const char*)get_string(RRL_GL_VERSION);
      const char* renderer = (const char*)get_string(RRL_GL_RENDERER);
      size_t len = strlen(rrl_egl.description);
      snprintf(rrl_egl.description + len, sizeof(rrl_egl.description) - len, ", OpenGL %s, %s",
               version ? version : "?", renderer ? renderer : "?");
    }
  }
  pthread_mutex_unlock(&rrl_egl_mutex);
  return context;
}

// Makes context current on the calling thread: 1, or 0 with the reason in rrl_last_message.
inline int rrl_gl_make_current(void* context) {
  if (rrl_egl.MakeCurrent(rrl_egl.display, EGL_NO_SURFACE, EGL_NO_SURFACE, (EGLContext)context) != EGL_TRUE) {
    char msg[200];
    snprintf(msg, sizeof(msg), "EGL could not make the renderer's OpenGL context current (EGL error 0x%x)",
             (unsigned)rrl_egl.GetError());
    rrl_egl_fail_record(msg);
    return 0;
  }
  return 1;
}

// Leaves no context current on the calling thread.
inline void rrl_gl_release() {
  if (rrl_egl.state == 1) {
    rrl_egl.MakeCurrent(rrl_egl.display, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
  }
}

// Destroys a context made by rrl_gl_create (released from the calling thread first if current there).
inline void rrl_gl_destroy(void* context) {
  if (rrl_egl.state == 1 && context != NULL) {
    if (rrl_egl.GetCurrentContext() == (EGLContext)context) {
      rrl_gl_release();
    }
    rrl_egl.DestroyContext(rrl_egl.display, (EGLContext)context);
  }
}

// "EGL 1.5 (Mesa Project, device 0), OpenGL 4.5 (Compatibility Profile) Mesa 22.3.6, llvmpipe (...)" once a
// context has been created; "" before.
inline const char* rrl_gl_description() {
  return rrl_egl.state == 1 ? rrl_egl.description : "";
}

struct rrl_renderer {
  int width;
  int height;
  mjData* data;
  mjvScene scene;
  mjvOption option;
  mjvCamera camera;
  mjvPerturb perturb;
  mjrContext context;
  unsigned char* rgb;
};

static void rrl_renderer_release(rrl_renderer* r) {
  mjr_freeContext(&r->context);
  mjv_freeScene(&r->scene);
  if (r->data) {
    mj_deleteData(r->data);
  }
  free(r->rgb);
  free(r);
}

// MuJoCo's scene (maxgeom 1000, as Gymnasium's renderer) and GPU context (font scale 150, as Gymnasium's) for
// model m, drawing width x height pixels into the off-screen buffer. The model's offscreen buffer
// (m->vis.global.offwidth/offheight) must be at least that large; its multisampling is the model's
// (vis.quality.offsamples). shadows and reflection switch the scene's mjRND_SHADOW and mjRND_REFLECTION flags
// (MuJoCo's defaults: both on). The GL context must be current. NULL on failure, with the reason in
// rrl_last_message.
inline void* rrl_renderer_create(const mjModel* m, int width, int height, int shadows, int reflection) {
  rrl_renderer* r = (rrl_renderer*)calloc(1, sizeof(rrl_renderer));
  if (!r) {
    rrl_egl_fail_record("out of memory for a renderer");
    return NULL;
  }
  r->width = width;
  r->height = height;
  r->rgb = (unsigned char*)malloc((size_t)3 * width * height);
  mjv_defaultScene(&r->scene);
  mjv_defaultOption(&r->option);
  mjv_defaultCamera(&r->camera);
  mjv_defaultPerturb(&r->perturb);
  mjr_defaultContext(&r->context);
  if (!r->rgb) {
    rrl_renderer_release(r);
    rrl_egl_fail_record("out of memory for a frame buffer");
    return NULL;
  }
  rrl_guard_state* g = rrl_guard_begin();
  if (setjmp(g->jump)) {
    rrl_renderer_release(r);
    return NULL;
  }
  g->active = 1;
  r->data = mj_makeData(m);
  mjv_makeScene(m, &r->scene, 1000);
  r->scene.flags[mjRND_SHADOW] = shadows ? 1 : 0;
  r->scene.flags[mjRND_REFLECTION] = reflection ? 1 : 0;
  mjr_makeContext(m, &r->context, mjFONTSCALE_150);
  mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
  g->active = 0;
  if (r->context.currentBuffer != mjFB_OFFSCREEN || r->context.offWidth < width || r->context.offHeight < height) {
    char msg[200];
    snprintf(msg, sizeof(msg), "MuJoCo's off-screen buffer is %d x %d pixels, smaller than the %d x %d asked for",
             r->context.offWidth, r->context.offHeight, width, height);
    rrl_renderer_release(r);
    rrl_egl_fail_record(msg);
    return NULL;
  }
  return r;
}

// Frees a renderer (the GL context it was made in must be current).
inline void rrl_renderer_free(void* renderer) {
  if (renderer) {
    rrl_renderer_release((rrl_renderer*)renderer);
  }
}

// Draws the pose qpos (nq values) of model m and writes width x height pixels into bgr, 3 bytes per pixel in
// B, G, R order, rows from the top (the layout of Java's BufferedImage.TYPE_3BYTE_BGR). Only the kinematics
// are computed (mj_kinematics, mj_comPos, mj_camlight): velocities, forces and contacts do not change a picture.
// Camera: camera_id >= 0 is a camera of the model (mjCAMERA_FIXED, e.g. a trackcom camera); else a free camera
// with view = {lookat x, y, z, distance, azimuth, elevation} (metres, degrees), the lookat's x and y taken
// relative to the subtree centre of mass of body track_body when track_body >= 0 (its height stays as given).
// Returns RRL_OK or the failure's kind.
inline int rrl_renderer_frame(void* renderer, const mjModel* m, const double* qpos, int camera_id, int track_body,
                              const double* view, unsigned char* bgr) {
  rrl_renderer* r = (rrl_renderer*)renderer;
  mjData* d = r->data;
  rrl_guard_state* g = rrl_guard_begin();
  if (setjmp(g->jump)) {
    mj_resetData(m, d);
    return g->kind;
  }
  g->active = 1;
  memcpy(d->qpos, qpos, sizeof(double) * m->nq);
  mj_kinematics(m, d);
  mj_comPos(m, d);
  mj_camlight(m, d);
  if (camera_id >= 0) {
    r->camera.type = mjCAMERA_FIXED;
    r->camera.fixedcamid = camera_id;
  } else {
    r->camera.type = mjCAMERA_FREE;
    r->camera.fixedcamid = -1;
    for (int k = 0; k < 3; k++) {
      r->camera.lookat[k] = view[k] + (track_body >= 0 && k < 2 ? d->subtree_com[3 * track_body + k] : 0);
    }
    r->camera.distance = view[3];
    r->camera.azimuth = view[4];
    r->camera.elevation = view[5];
  }
  mjrRect viewport = {0, 0, r->width, r->height};
  mjv_updateScene(m, d, &r->option, &r->perturb, &r->camera, mjCAT_ALL, &r->scene);
  mjr_setBuffer(mjFB_OFFSCREEN, &r->context);
  mjr_render(viewport, &r->scene, &r->context);
  mjr_readPixels(r->rgb, NULL, viewport, &r->context);
  g->active = 0;
  if (g->kind != RRL_OK) {
    return g->kind;
  }
  // OpenGL's rows run bottom-up in R, G, B order; Java's TYPE_3BYTE_BGR runs top-down in B, G, R order.
  const int w = r->width, h = r->height;
  for (int y = 0; y < h; y++) {
    const unsigned char* src = r->rgb + (size_t)3 * w * (h - 1 - y);
    unsigned char* dst = bgr + (size_t)3 * w * y;
    for (int x = 0; x < w; x++) {
      dst[3 * x] = src[3 * x + 2];
      dst[3 * x + 1] = src[3 * x + 1];
      dst[3 * x + 2] = src[3 * x];
    }
  }
  return RRL_OK;
}

#endif
