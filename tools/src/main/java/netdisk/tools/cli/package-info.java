/**
 * The {@code netdisk} command line (Picocli): one class per command, a shared exit-code mapping,
 * and small formatters for sizes, rates and addresses.
 */
package netdisk.tools.cli;
