/** The {@code celeriac} command line (picocli): one class per subcommand. */
package dev.celeriac.cli;
