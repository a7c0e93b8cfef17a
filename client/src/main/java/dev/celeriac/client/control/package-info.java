/** Remote control of workers: revoke, over the broker. */
package dev.celeriac.client.control;
