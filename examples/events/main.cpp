// SPDX-License-Identifier: MIT
// Copyright (c) 2026 The sluice authors

// sluice-events: `sluice-events --invoke event.json` prints the summary of any event sluice
// reads (docs/events.md, "sluice-events"); run as a Lambda function, it answers the same.

#include "events_app.hpp"

int main(int argc, char** argv) { return sluice::run(events_app::app(), argc, argv); }
