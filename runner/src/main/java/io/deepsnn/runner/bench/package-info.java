/** The end-to-end speed benchmark, seeded synthetic images and the soak's random-weight graphs. */
package io.deepsnn.runner.bench;
