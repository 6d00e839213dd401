// Values and codecs: pure, no sockets, no disk beyond streams handed in.
export {}
