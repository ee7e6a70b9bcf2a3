"""Telling colours apart, as readers with normal and with deficient colour vision do."""

import itertools

import numpy as np

# Colour vision deficiency simulation matrices for linear RGB at full severity:
# Machado, Oliveira & Fernandes (2009), IEEE TVCG 15(6), table of severity 1.0.
CVD = {
    "protanopia": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216],
                   [-0.003882, -0.048116, 1.051998]],
    "deuteranopia": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                     [-0.011820, 0.042940, 0.968881]],
    "tritanopia": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602],
                   [0.004733, 0.691367, 0.303900]],
}  # fmt: skip
# CIE76 ΔE above which two colours are told apart at a glance (≈ 2.3 is "just noticeable").
APART = 12.0


def lab(hex_color, vision=None):
    """CIELAB (D65) of a colour as seen with normal vision or a deficiency."""
    srgb = np.array([int(hex_color[i : i + 2], 16) / 255 for i in (1, 3, 5)])
    linear = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    if vision:
        linear = np.clip(np.array(CVD[vision]) @ linear, 0, 1)
    xyz = np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722],
                    [0.0193, 0.1192, 0.9505]]) @ linear / [0.95047, 1.0, 1.08883]  # fmt: skip
    f = np.where(xyz > 0.008856, np.cbrt(xyz), 7.787 * xyz + 16 / 116)
    return np.array([116 * f[1] - 16, 500 * (f[0] - f[1]), 200 * (f[1] - f[2])])


def closest_pair(colors, vision=None):
    return min(
        float(np.linalg.norm(lab(a, vision) - lab(b, vision)))
        for a, b in itertools.combinations(colors, 2)
    )
