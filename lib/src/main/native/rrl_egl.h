// An OpenGL context without a window, through EGL, for MuJoCo's renderer (included by rrl_render.h; not
// parsed by JavaCPP).
//
// MuJoCo 2.2.2 does not link against any OpenGL library: its glad loader (src/render/glad/glad.c,
// mjGlad_open_gl) looks, when mjr_makeContext first runs, for eglGetProcAddress, then
// OSMesaGetProcAddress, then glXGetProcAddressARB among the process's global symbols, and else for an
// already loaded libEGL / libOSMesa / libGL (dl_iterate_phdr), and loads every GL function through it. So the
// caller must create and make current a GL context first, with whichever of those it likes. rrl uses EGL, as
// MuJoCo's Python bindings do (mujoco/egl: eglQueryDevicesEXT, eglGetPlatformDisplayEXT with
// EGL_PLATFORM_DEVICE_EXT, a pbuffer-capable RGBA8 / depth 24 / stencil 8 config, EGL_OPENGL_API, no surface),
// with Mesa's surfaceless platform as a fallback. On a machine without a GPU, Mesa's EGL exposes a software
// device (EGL_MESA_device_software) that renders with llvmpipe; with a GPU the same code picks the GPU.
//
// libEGL is opened with dlopen (RTLD_GLOBAL, so glad finds eglGetProcAddress first), not linked: the JNI
// library, and so all of rrl's simulation, loads on a machine without EGL; only rendering then fails, with a
// message naming the Debian packages to install.
//
// One EGL display per process, initialised on first use and never terminated (terminating it would destroy
// every context of the process). Failures are recorded in rrl_guard's per-thread message.
#ifndef RRL_EGL_H
#define RRL_EGL_H

#include <EGL/egl.h>
#include <EGL/eglext.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "rrl_guard.h"

#define RRL_GL_VENDOR 0x1F00
#define RRL_GL_RENDERER 0x1F01
#define RRL_GL_VERSION 0x1F02

#define RRL_EGL_PACKAGES "install Debian's libegl1 and libgl1-mesa-dri (sudo apt-get install libegl1 libgl1-mesa-dri, or run environment/setup.sh)"

struct rrl_egl_api {
  int state;  // 0 not tried, 1 ready, -1 failed (failure holds why)
  void* lib;
  PFNEGLGETPROCADDRESSPROC GetProcAddress;
  PFNEGLGETERRORPROC GetError;
  PFNEGLINITIALIZEPROC Initialize;
  PFNEGLQUERYSTRINGPROC QueryString;
  PFNEGLCHOOSECONFIGPROC ChooseConfig;
  PFNEGLBINDAPIPROC BindAPI;
  PFNEGLCREATECONTEXTPROC CreateContext;
  PFNEGLDESTROYCONTEXTPROC DestroyContext;
  PFNEGLMAKECURRENTPROC MakeCurrent;
  PFNEGLGETCURRENTCONTEXTPROC GetCurrentContext;
  EGLDisplay display;
  EGLConfig config;
  char platform[64];
  char description[600];
  char failure[900];
};

static rrl_egl_api rrl_egl;
static pthread_mutex_t rrl_egl_mutex = PTHREAD_MUTEX_INITIALIZER;

static inline void rrl_egl_fail_record(const char* msg) {
  rrl_guard_state* g = rrl_guard_begin();
  rrl_guard_record(RRL_ERROR, msg);
  (void)g;
}

// The display and config, or -1 with rrl_egl.failure set. Caller holds rrl_egl_mutex.
static int rrl_egl_init_locked(void) {
  if (rrl_egl.state != 0) {
    return rrl_egl.state;
  }
  rrl_egl.state = -1;
  rrl_egl.lib = dlopen("libEGL.so.1", RTLD_NOW | RTLD_GLOBAL);
  if (!rrl_egl.lib) {
    snprintf(rrl_egl.failure, sizeof(rrl_egl.failure), "no EGL library for off-screen rendering (%s); %s",
             dlerror(), RRL_EGL_PACKAGES);
    return -1;
  }
#define RRL_EGL_SYM(name)                                                                  \
  rrl_egl.name = (decltype(rrl_egl.name))dlsym(rrl_egl.lib, "egl" #name);                  \
  if (!rrl_egl.name) {                                                                     \
    snprintf(rrl_egl.failure, sizeof(rrl_egl.failure), "libEGL.so.1 lacks egl%s; %s", #name, \
             RRL_EGL_PACKAGES);                                                            \
    return -1;                                                                             \
  }
  RRL_EGL_SYM(GetProcAddress)
  RRL_EGL_SYM(GetError)
  RRL_EGL_SYM(Initialize)
  RRL_EGL_SYM(QueryString)
  RRL_EGL_SYM(ChooseConfig)
  RRL_EGL_SYM(BindAPI)
  RRL_EGL_SYM(CreateContext)
  RRL_EGL_SYM(DestroyContext)
  RRL_EGL_SYM(MakeCurrent)
  RRL_EGL_SYM(GetCurrentContext)
#undef RRL_EGL_SYM
  PFNEGLQUERYDEVICESEXTPROC queryDevices = (PFNEGLQUERYDEVICESEXTPROC)rrl_egl.GetProcAddress("eglQueryDevicesEXT");
  PFNEGLGETPLATFORMDISPLAYEXTPROC platformDisplay =
      (PFNEGLGETPLATFORMDISPLAYEXTPROC)rrl_egl.GetProcAddress("eglGetPlatformDisplayEXT");
  if (!platformDisplay) {
    snprintf(rrl_egl.failure, sizeof(rrl_egl.failure),
             "the EGL library has no eglGetPlatformDisplayEXT, needed for rendering without a window; %s",
             RRL_EGL_PACKAGES);
    return -1;
  }
  EGLDisplay display = EGL_NO_DISPLAY;
  // 1. A device display, as MuJoCo's Python bindings (mujoco/egl) make one: the first device that initialises.
  if (queryDevices) {
    EGLDeviceEXT devices[16];
    EGLint count = 0;
    if (queryDevices(16, devices, &count) == EGL_TRUE) {
      for (EGLint i = 0; i < count && display == EGL_NO_DISPLAY; i++) {
        EGLDisplay d = platformDisplay(EGL_PLATFORM_DEVICE_EXT, devices[i], NULL);
        if (d != EGL_NO_DISPLAY && rrl_egl.Initialize(d, NULL, NULL) == EGL_TRUE) {
          display = d;
          snprintf(rrl_egl.platform, sizeof(rrl_egl.platform), "device %d", (int)i);
        }
      }
    }
  }
  // 2. Mesa's surfaceless platform.
  if (display == EGL_NO_DISPLAY) {
    EGLDisplay d = platformDisplay(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, NULL);
    if (d != EGL_NO_DISPLAY && rrl_egl.Initialize(d, NULL, NULL) == EGL_TRUE) {
      display = d;
      snprintf(rrl_egl.platform, sizeof(rrl_egl.platform), "surfaceless");
    }
  }
  if (display == EGL_NO_DISPLAY) {
    snprintf(rrl_egl.failure, sizeof(rrl_egl.failure),
             "EGL found no device and no surfaceless display to render on (EGL error 0x%x); %s",
             (unsigned)rrl_egl.GetError(), RRL_EGL_PACKAGES);
    return -1;
  }
  const EGLint attributes[] = {EGL_RED_SIZE, 8, EGL_GREEN_SIZE, 8, EGL_BLUE_SIZE, 8, EGL_ALPHA_SIZE, 8,
                               EGL_DEPTH_SIZE, 24, EGL_STENCIL_SIZE, 8, EGL_COLOR_BUFFER_TYPE, EGL_RGB_BUFFER,
                               EGL_SURFACE_TYPE, EGL_PBUFFER_BIT, EGL_RENDERABLE_TYPE, EGL_OPENGL_BIT, EGL_NONE};
  EGLint configs = 0;
  if (rrl_egl.ChooseConfig(display, attributes, &rrl_egl.config, 1, &configs) != EGL_TRUE || configs < 1) {
    snprintf(rrl_egl.failure, sizeof(rrl_egl.failure),
             "EGL has no RGBA8 / depth 24 / stencil 8 OpenGL configuration (EGL error 0x%x); %s",
             (unsigned)rrl_egl.GetError(), RRL_EGL_PACKAGES);
    return -1;
  }
  rrl_egl.display = display;
  const char* vendor = rrl_egl.QueryString(display, EGL_VENDOR);
  const char* version = rrl_egl.QueryString(display, EGL_VERSION);
  snprintf(rrl_egl.description, sizeof(rrl_egl.description), "EGL %s (%s, %s)", version ? version : "?",
           vendor ? vendor : "?", rrl_egl.platform);
  rrl_egl.state = 1;
  return 1;
}

#endif
