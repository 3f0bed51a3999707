/** Global setup: nothing to build yet for this host (its bundle arrives with its issue). */
export default function setup(): void {}
