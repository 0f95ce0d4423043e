// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors
#pragma once

#include "sluice/app.hpp"
#include "sluice/body.hpp"
#include "sluice/fields.hpp"
#include "sluice/invocation.hpp"
#include "sluice/json_writer.hpp"
#include "sluice/lambda.hpp"
#include "sluice/method.hpp"
#include "sluice/param_traits.hpp"
#include "sluice/params.hpp"
#include "sluice/path.hpp"
#include "sluice/request.hpp"
#include "sluice/response.hpp"
#include "sluice/route.hpp"
#include "sluice/router.hpp"
#include "sluice/run.hpp"
#include "sluice/worker.hpp"
