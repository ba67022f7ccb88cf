export interface Config {
  serviceGraph?: {
    catalog?: {
      /**
       * How long the catalog module reuses the observed relations it read
       * from the service-graph plugin, in seconds. Default 60.
       */
      refreshSeconds?: number;
    };
  };
}
