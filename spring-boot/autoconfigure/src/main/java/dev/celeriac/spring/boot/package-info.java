/**
 * Spring Boot auto-configuration for Celeriac: the client bean, a worker running {@code @Task}
 * methods of beans as part of the context's lifecycle, {@code celeriac.*} properties (also read
 * from the CLI's {@code CELERIAC_*} variables), a health indicator and metrics in the application's
 * registry.
 */
package dev.celeriac.spring.boot;
