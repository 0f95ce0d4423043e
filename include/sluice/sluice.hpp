// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

// Everything but the pieces that need a library besides simdjson: sluice/jwt.hpp (OpenSSL,
// link sluice::jwt) and sluice/compression.hpp (zlib, link sluice::compression).

#include "sluice/app.hpp"
#include "sluice/body.hpp"
#include "sluice/context.hpp"
#include "sluice/emit.hpp"
#include "sluice/cors.hpp"
#include "sluice/fields.hpp"
#include "sluice/invocation.hpp"
#include "sluice/json_writer.hpp"
#include "sluice/lambda.hpp"
#include "sluice/log.hpp"
#include "sluice/method.hpp"
#include "sluice/metrics.hpp"
#include "sluice/middleware.hpp"
#include "sluice/param_traits.hpp"
#include "sluice/params.hpp"
#include "sluice/path.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"
#include "sluice/result.hpp"
#include "sluice/route.hpp"
#include "sluice/router.hpp"
#include "sluice/run.hpp"
#include "sluice/tracing.hpp"
#include "sluice/worker.hpp"
