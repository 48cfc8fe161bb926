#ifndef CSTATECRUMBS_H
#define CSTATECRUMBS_H
#include "crumb_limits.h"
#include "crumb_ring.h"
#include "thread_info.h"
#include "crumb_clock.h"
#include "pretty_json.h"
#include "crash_hook.h"
#include "live_writer.h"
#include "otlp_json.h"
#include "ring_file.h"
#endif
