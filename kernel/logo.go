package kernel

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
)

// The logo: three threads (white strokes) running side by side on Go's
// blue, one of them waiting (a gap). The SVG and the PNGs draw the same
// picture on a 64-unit grid.
const logoSVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64">
  <rect x="0" y="0" width="64" height="64" rx="12" fill="#00ADD8"/>
  <g stroke="#FFFFFF" stroke-width="6" stroke-linecap="round">
    <line x1="14" y1="18" x2="50" y2="18"/>
    <line x1="14" y1="32" x2="26" y2="32"/>
    <line x1="38" y1="32" x2="50" y2="32"/>
    <line x1="14" y1="46" x2="50" y2="46"/>
  </g>
</svg>
`

// logoLines are the strokes of logoSVG: x1, y1, x2, y2 on the 64-unit grid.
var logoLines = [][4]float64{{14, 18, 50, 18}, {14, 32, 26, 32}, {38, 32, 50, 32}, {14, 46, 50, 46}}

// logoPNG renders the logo at size×size pixels, with 4×4 supersampling.
func logoPNG(size int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	blue := [3]float64{0x00, 0xAD, 0xD8}
	const ss = 4
	scale := 64 / float64(size)
	for py := 0; py < size; py++ {
		for px := 0; px < size; px++ {
			var bg, fg float64 // coverage of the square and of the strokes
			for sy := 0; sy < ss; sy++ {
				for sx := 0; sx < ss; sx++ {
					x := (float64(px) + (float64(sx)+0.5)/ss) * scale
					y := (float64(py) + (float64(sy)+0.5)/ss) * scale
					if inRoundedSquare(x, y, 64, 12) {
						bg++
						if onStroke(x, y) {
							fg++
						}
					}
				}
			}
			bg /= ss * ss
			fg /= ss * ss
			var c [3]float64
			for i := range c {
				if bg > 0 {
					c[i] = (blue[i]*(bg-fg) + 255*fg) / bg
				}
			}
			img.SetNRGBA(px, py, color.NRGBA{uint8(c[0]), uint8(c[1]), uint8(c[2]), uint8(255 * bg)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, fmt.Errorf("rendering the logo: %w", err)
	}
	return buf.Bytes(), nil
}

func inRoundedSquare(x, y, side, r float64) bool {
	cx := math.Max(r, math.Min(side-r, x))
	cy := math.Max(r, math.Min(side-r, y))
	return x >= 0 && y >= 0 && x <= side && y <= side && math.Hypot(x-cx, y-cy) <= r
}

// onStroke reports whether a point is within a round-capped stroke of
// width 6 around one of the logo's lines.
func onStroke(x, y float64) bool {
	for _, l := range logoLines {
		cx := math.Max(l[0], math.Min(l[2], x)) // the lines are horizontal
		if math.Hypot(x-cx, y-l[1]) <= 3 {
			return true
		}
	}
	return false
}
