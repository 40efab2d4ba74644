/**
 * Which actors a network needs and who sends spikes to whom: layers cut into row tiles, and an
 * edge wherever a source tile meets a target tile's receptive field. Pure computation.
 */
package io.deepsnn.actors.topology;
