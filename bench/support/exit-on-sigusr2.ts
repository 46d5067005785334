/**
 * Preloaded into a profiled child: SIGUSR2 exits normally, so `--cpu-prof` writes its profile (a process ended by
 * SIGTERM's default action, as Nest's shutdown hooks end it, writes none).
 */
process.on('SIGUSR2', () => process.exit(0));
