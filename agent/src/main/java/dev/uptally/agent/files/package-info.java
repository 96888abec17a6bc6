/** Crash-safe replacement of small state files (temp, fsync, rename, directory fsync). */
package dev.uptally.agent.files;
