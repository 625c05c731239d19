// Calling `hl serve` from Go with the Connect protocol: JSON over plain net/http, standard
// library only, no generated stubs (buf's remote plugins are not used; connectrpc.com/connect
// with stubs generated from schema/ works the same way).
//
// A unary call is POST {url}/{package.Service}/{Method} with Content-Type application/json
// and the request message in protobuf's JSON mapping; a server stream is the same POST with
// application/connect+json and length-prefixed envelopes. Actions need the bearer token.
//
//	hl serve --devnet
//	HL_SERVE_TOKEN=$(cat .hl-serve-token) go run examples/serve_from_go/main.go
//
// Environment: HL_SERVE_URL (default http://127.0.0.1:50051), HL_SERVE_TOKEN (default: the
// file .hl-serve-token), HL_SERVE_USER (the server wallet's address, for the account read).
package main

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

var client = &http.Client{Timeout: 15 * time.Second}

// connectError is a Connect error body: {"code": "unauthenticated", "message": "…"}.
type connectError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *connectError) Error() string { return e.Code + ": " + e.Message }

// unary calls service/method with req (protobuf JSON) and decodes the answer into out.
func unary(base, token, method string, req, out any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	httpReq, err := http.NewRequest(http.MethodPost, base+"/"+method, bytes.NewReader(body))
	if err != nil {
		return err
	}
	httpReq.Header.Set("Content-Type", "application/json")
	if token != "" {
		httpReq.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := client.Do(httpReq)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 8<<20))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		var ce connectError
		if json.Unmarshal(data, &ce) == nil && ce.Code != "" {
			return &ce
		}
		return fmt.Errorf("%s: HTTP %d: %s", method, res.StatusCode, data)
	}
	return json.Unmarshal(data, out)
}

// firstStreamMessage opens a server stream and decodes its first message into out.
func firstStreamMessage(base, method string, req, out any) error {
	body, err := json.Marshal(req)
	if err != nil {
		return err
	}
	envelope := make([]byte, 5, 5+len(body))
	binary.BigEndian.PutUint32(envelope[1:], uint32(len(body)))
	httpReq, err := http.NewRequest(http.MethodPost, base+"/"+method, bytes.NewReader(append(envelope, body...)))
	if err != nil {
		return err
	}
	httpReq.Header.Set("Content-Type", "application/connect+json")
	res, err := client.Do(httpReq)
	if err != nil {
		return err
	}
	// Closing the body ends the stream: the server unsubscribes.
	defer res.Body.Close()
	header := make([]byte, 5)
	if _, err := io.ReadFull(res.Body, header); err != nil {
		return err
	}
	size := binary.BigEndian.Uint32(header[1:])
	if size > 8<<20 {
		return fmt.Errorf("%s: stream message of %d bytes", method, size)
	}
	message := make([]byte, size)
	if _, err := io.ReadFull(res.Body, message); err != nil {
		return err
	}
	if header[0]&0x02 != 0 { // end-of-stream before any message: its JSON carries the error
		return fmt.Errorf("%s: stream ended: %s", method, message)
	}
	return json.Unmarshal(message, out)
}

type level struct {
	Px string `json:"px"`
	Sz string `json:"sz"`
}

type book struct {
	Coin   string `json:"coin"`
	Levels struct {
		Bids []level `json:"bids"`
		Asks []level `json:"asks"`
	} `json:"levels"`
}

// orderAnswer is OrderResponse: {"ok": …} or {"err": …}; int64 oids are JSON strings in protobuf JSON.
type orderAnswer struct {
	Ok *struct {
		Response struct {
			Data struct {
				Statuses []struct {
					Keyed *struct {
						Resting *struct {
							Oid string `json:"oid"`
						} `json:"resting"`
						Error string `json:"error"`
					} `json:"keyed"`
				} `json:"statuses"`
			} `json:"data"`
		} `json:"response"`
	} `json:"ok"`
	Err *struct {
		Response string `json:"response"`
	} `json:"err"`
}

type cancelAnswer struct {
	Ok  *json.RawMessage `json:"ok"`
	Err *struct {
		Response string `json:"response"`
	} `json:"err"`
}

func bearerToken() (string, error) {
	if token := os.Getenv("HL_SERVE_TOKEN"); token != "" {
		return token, nil
	}
	data, err := os.ReadFile(".hl-serve-token")
	if err != nil {
		return "", errors.New("set HL_SERVE_TOKEN or run from the directory holding .hl-serve-token")
	}
	return strings.TrimSpace(string(data)), nil
}

func run() error {
	base := strings.TrimRight(os.Getenv("HL_SERVE_URL"), "/")
	if base == "" {
		base = "http://127.0.0.1:50051"
	}
	token, err := bearerToken()
	if err != nil {
		return err
	}

	var mids struct {
		Mids map[string]string `json:"mids"`
	}
	if err := unary(base, "", "hl.v1.InfoService/AllMids", map[string]any{}, &mids); err != nil {
		return err
	}
	fmt.Println("ETH mid:", mids.Mids["ETH"])

	var ethBook book
	if err := unary(base, "", "hl.v1.InfoService/L2Book", map[string]any{"coin": "ETH"}, &ethBook); err != nil {
		return err
	}
	if len(ethBook.Levels.Bids) == 0 {
		return errors.New("the ETH book has no bids")
	}
	fmt.Printf("ETH book: %s / %s\n", ethBook.Levels.Bids[0].Px, ethBook.Levels.Asks[0].Px)

	if user := os.Getenv("HL_SERVE_USER"); user != "" {
		var state struct {
			MarginSummary struct {
				AccountValue string `json:"accountValue"`
			} `json:"marginSummary"`
		}
		if err := unary(base, "", "hl.v1.InfoService/ClearinghouseState", map[string]any{"user": user}, &state); err != nil {
			return err
		}
		fmt.Println("account value:", state.MarginSummary.AccountValue)
	}

	var meta struct {
		Universe []struct {
			Name string `json:"name"`
		} `json:"universe"`
	}
	if err := unary(base, "", "hl.v1.InfoService/Meta", map[string]any{}, &meta); err != nil {
		return err
	}
	eth := -1
	for i, asset := range meta.Universe {
		if asset.Name == "ETH" {
			eth = i
		}
	}
	if eth < 0 {
		return errors.New("meta lists no ETH")
	}

	bid, err := strconv.ParseFloat(ethBook.Levels.Bids[0].Px, 64)
	if err != nil {
		return err
	}
	order := map[string]any{
		"orders": []any{map[string]any{
			"a": eth, "b": true, "p": strconv.Itoa(int(math.Round(bid * 0.9))), "s": "0.1", "r": false,
			"t": map[string]any{"limit": map[string]any{"tif": "Gtc"}},
		}},
		"grouping": map[string]any{"named": "na"},
	}
	var placed orderAnswer
	if err := unary(base, token, "hl.v1.ExchangeService/Order", order, &placed); err != nil {
		return err
	}
	if placed.Err != nil {
		return fmt.Errorf("the exchange refused the order: %s", placed.Err.Response)
	}
	statuses := placed.Ok.Response.Data.Statuses
	if len(statuses) != 1 || statuses[0].Keyed == nil || statuses[0].Keyed.Resting == nil {
		return fmt.Errorf("expected one resting order, got %+v", statuses)
	}
	oid, err := strconv.ParseInt(statuses[0].Keyed.Resting.Oid, 10, 64)
	if err != nil {
		return err
	}
	fmt.Println("order resting, oid", oid)

	var cancelled cancelAnswer
	cancel := map[string]any{"cancels": []any{map[string]any{"a": eth, "o": strconv.FormatInt(oid, 10)}}}
	if err := unary(base, token, "hl.v1.ExchangeService/Cancel", cancel, &cancelled); err != nil {
		return err
	}
	if cancelled.Err != nil {
		return fmt.Errorf("the exchange refused the cancel: %s", cancelled.Err.Response)
	}
	fmt.Println("cancel:", string(*cancelled.Ok))

	var refused orderAnswer
	err = unary(base, "", "hl.v1.ExchangeService/Order", order, &refused)
	var ce *connectError
	if !errors.As(err, &ce) || ce.Code != "unauthenticated" {
		return fmt.Errorf("an action without the token must be unauthenticated, got %v", err)
	}
	fmt.Println("without the token:", ce.Code)

	// Each stream message is an envelope: {"data": …}, or a {"reconnected": …} / {"overflow": …}
	// marker telling the client to reset what it built. The first one is the data snapshot.
	var event struct {
		Data *book `json:"data"`
	}
	if err := firstStreamMessage(base, "hl.v1.SubscriptionService/L2Book", map[string]any{"coin": "ETH"}, &event); err != nil {
		return err
	}
	if event.Data == nil || len(event.Data.Levels.Bids) == 0 || len(event.Data.Levels.Asks) == 0 {
		return fmt.Errorf("expected a data message with both sides of the book first, got %+v", event)
	}
	streamed := *event.Data
	fmt.Printf("streamed %s book: %s / %s\n", streamed.Coin, streamed.Levels.Bids[0].Px, streamed.Levels.Asks[0].Px)
	return nil
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "error:", err)
		os.Exit(1)
	}
}
