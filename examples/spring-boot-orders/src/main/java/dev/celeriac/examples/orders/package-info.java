/** A Spring Boot orders service whose task is a method of a bean with injected dependencies. */
package dev.celeriac.examples.orders;
