"""The ward's steering committee (Ban chỉ đạo bầu cử): members, subcommittees and assigned TDPs."""
