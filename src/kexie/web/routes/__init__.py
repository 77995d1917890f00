"""One module per page (and one for the JSON API); each exports `router`."""
