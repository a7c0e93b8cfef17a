/** Remote control of a worker over Celery's pidbox. */
package dev.celeriac.worker.control;
