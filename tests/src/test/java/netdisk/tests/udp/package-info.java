/**
 * The UDP engine end to end, over real loopback sockets or testkit's in-memory network, most of
 * it through testkit's impairment layer: lockstep and windowed transfers under loss, duplication,
 * reordering and corruption, scripted faults, block-number wrap, refusals, unknown TIDs, the
 * client's retry without options.
 *
 * <p>Here and not in udp-transport because testkit depends on udp-transport, so udp-transport's
 * own tests cannot use testkit (Maven forbids the cycle). They need no package-private access to
 * the engine: they drive it through its public API, as a user of the module would.
 */
package netdisk.tests.udp;
