/** Example tasks used by the quick start and {@code celeriac demo}. */
package dev.celeriac.examples;
