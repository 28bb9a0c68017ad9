/* guidecraft quiz runtime: placeholder, to be completed. */
