// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// sluice-echo: `sluice-echo --invoke event.json` prints what the event's route matched.

#include "echo_app.hpp"

int main(int argc, char** argv) { return sluice::run(echo::app(), argc, argv); }
