"""Reports from the archive: unit work reports, platform statistics, bulletin composition, exports."""
