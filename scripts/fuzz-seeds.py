#!/usr/bin/env python3
"""Writes the fuzz tests' seed corpora from the spec's test vectors (run after changing them).

  scripts/fuzz-seeds.py

Each @FuzzTest replays src/test/resources/<package>/<Class>Inputs/<method>/ in every test run;
these seeds are the spec's own datagrams and frames, so fuzzing starts from valid and almost
valid inputs. Inputs a fuzzing run finds (crash-*, in the same folders) are kept beside them.
"""
import pathlib
import re
import struct

root = pathlib.Path(__file__).resolve().parent.parent


def hex_bytes(text):
    out = bytearray()
    for token in text.split():
        m = re.fullmatch(r"([0-9a-fA-F]{2})\*(\d+)", token)
        if m:
            out += bytes([int(m.group(1), 16)]) * int(m.group(2))
        else:
            out += bytes.fromhex(token)
    return bytes(out)


def packets():
    block = {}
    for line in (root / "spec/vectors/packets.txt").read_text(encoding="utf-8").splitlines() + [""]:
        if line.startswith("#"):
            continue
        if not line.strip():
            if "name" in block and "hex" in block:
                yield block["name"], hex_bytes(block["hex"])
            block = {}
            continue
        key, _, value = line.partition(":")
        block[key.strip()] = value[1:] if value.startswith(" ") else value


def write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ("seed-" + re.sub(r"[^A-Za-z0-9._-]", "_", name))).write_bytes(data)


udp = root / "udp-transport/src/test/resources/netdisk/udp/fuzz"
for name, data in packets():
    write(udp / "PacketCodecFuzzTestInputs/decodesOrRefusesAndRoundTrips", name, data)
    write(udp / "NetasciiFuzzTestInputs/decodesIntoNoMoreThanItsInput", name, data)

control = root / "netdisk-services/src/test/resources/netdisk/services/fuzz"
for vector in sorted((root / "spec/vectors/control").iterdir()):
    data = vector.read_bytes()
    if vector.suffix == ".json":
        data = struct.pack(">i", len(data.rstrip(b"\n"))) + data.rstrip(b"\n")
    else:
        data = hex_bytes(data.decode("utf-8"))
    write(control / "ControlFrameFuzzTestInputs/decodesOrRefusesEveryFrame", vector.name, data)
    if vector.suffix == ".json":
        write(control / "DownloadSidecarFuzzTestInputs/readsOrIgnores", vector.name, vector.read_bytes())
