// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// sluice-echo: `sluice-echo --invoke event.json` prints what the event's route matched;
// `sluice-echo --serve 8080` serves it over HTTP (when built with sluice::serve).

#include "echo_app.hpp"

#if defined(SLUICE_ECHO_SERVE)
#include "sluice/serve.hpp"
int main(int argc, char** argv) { return sluice::run(echo::app(), argc, argv, sluice::local_gateway); }
#else
int main(int argc, char** argv) { return sluice::run(echo::app(), argc, argv); }
#endif
