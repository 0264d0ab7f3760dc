/**
 * Benchmarks run from the command line ({@code netdisk bench ...}): real transfers on loopback,
 * timed end to end, reported as a table. Speed goals are checked here, never in unit tests.
 */
package netdisk.tools.bench;
