/** The client's machinery: reply dispatch, result slots, method-reference lookup. Not an API. */
package dev.celeriac.client.internal;
