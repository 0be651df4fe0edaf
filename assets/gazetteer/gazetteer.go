// Package gazetteer embeds Goldspan's built-in lists of high-frequency news
// entities (countries, regions, cities, organisations, companies, media and
// people), compiled by the Goldspan authors from public facts.
//
// It holds the bytes only: the lists are parsed by
// goldspan/annotate/suggest (see suggest.ReadGazetteer for their format),
// to which the caller hands Files as suggest.Options.Gazetteer.
package gazetteer

import "embed"

// Files holds the lists, one *.txt file each.
//
//go:embed *.txt
var Files embed.FS
